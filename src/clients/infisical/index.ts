export { DEFAULT_INFISICAL_HOST, InfisicalClient, type InfisicalClientOptions } from "./infisical-client";
export type * from "./types";

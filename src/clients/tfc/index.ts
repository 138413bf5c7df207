export { DEFAULT_TFC_HOSTNAME, TFE_SERVICE_ID, type TfcLocation } from "./discovery";
export {
  PaginationLimitError,
  TfcClient,
  type CreateTeamTokenOptions,
  type CreateTokenOptions,
  type OrganizationTokenOptions,
  type TfcClientOptions,
} from "./tfc-client";
export type * from "./types";

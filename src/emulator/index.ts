/**
 * A local emulator of the HCP Terraform and Infisical APIs (plus the slice of Heroku's that
 * Infisical calls), for tests and demos. Loopback only.
 */
export { startEmulator } from "./emulator";
export type { Emulator, EmulatorOptions, SeededFixtures, Inventory, CredentialsRef, FaultControls } from "./types";
export type { EmulatorClock } from "./clock";
export type { Fault, FaultKind, FaultRule, ActiveFaultRule } from "./control/faults";
export type { HistoryEvent, HistoryAction, HistoryResource } from "./control/history";
export type { RequestLogEntry, ApiName } from "./control/request-log";
export type { RequestIdentity } from "./http/exchange";
export { REDACTED } from "./control/redact";
export type { AppName } from "./infisical/model";

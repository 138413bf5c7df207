import type { Exchange } from "../http/exchange";
import type { CredentialVerifier } from "./credential-verifier";
import type { AppName } from "./model";
import type { InfisicalStore } from "./store";

/** Which emulated token a credential is (`at-…` or a Heroku token id), or null if none. */
export type CredentialIdentifier = (app: AppName, credential: string) => string | null;

/** An Infisical request, as route handlers see it. */
export interface InfisicalContext {
  exchange: Exchange;
  /** Fastify-style request id, echoed in error bodies. */
  reqId: string;
  store: InfisicalStore;
  /** Emulator-clock time of the request. */
  now: number;
  /** Key that signs and verifies access-token JWTs. */
  jwtKey: Buffer;
  verifyCredential: CredentialVerifier;
  identifyCredential: CredentialIdentifier;
}

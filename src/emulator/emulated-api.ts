import type { ApiName } from "./control/request-log";
import type { Exchange } from "./http/exchange";
import type { Reply } from "./http/reply";

/** One emulated service mounted on the shared server. */
export interface EmulatedApi {
  readonly name: ApiName;
  /** Whether a request path belongs to this service. */
  handles(path: string): boolean;
  handle(exchange: Exchange): Promise<Reply>;
  /** This service's own error body for an injected status, for the request it answers when there is one. */
  statusReply(status: number, exchange?: Exchange): Reply;
  /** This service's own 429 for an injected rate limit. */
  rateLimitReply(resetSeconds: number): Reply;
}

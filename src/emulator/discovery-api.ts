import type { EmulatedApi } from "./emulated-api";
import type { Exchange } from "./http/exchange";
import { jsonReply, type Reply } from "./http/reply";

const DISCOVERY_PATH = "/.well-known/terraform.json";

/**
 * Terraform remote service discovery. Only the services the emulator serves are advertised;
 * terraform-provider-tfe looks up `tfe.v2.2`. The Content-Type must be exactly JSON.
 */
export class DiscoveryApi implements EmulatedApi {
  readonly name = "discovery";

  handles(path: string): boolean {
    return path === DISCOVERY_PATH;
  }

  async handle(exchange: Exchange): Promise<Reply> {
    if (exchange.method !== "GET") return this.statusReply(404);
    return jsonReply(200, { "tfe.v2": "/api/v2/", "tfe.v2.1": "/api/v2/", "tfe.v2.2": "/api/v2/" });
  }

  statusReply(status: number): Reply {
    return jsonReply(status, { errors: [String(status)] });
  }

  rateLimitReply(): Reply {
    return this.statusReply(429);
  }
}

import type { ProviderClients } from "../provider/clients";
import type { DescribedTokenJournal } from "./described-token-journal";

/** What the `tokenhooks` resources find in `ctx.clients`: the provider's API clients and the process's journal. */
export interface ResourceClients extends ProviderClients {
  /** One per plugin process, shared by every provider configuration (alias) it serves. */
  readonly journal: DescribedTokenJournal;
}

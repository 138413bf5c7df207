// In your own app, import from "cdktf-token-hooks/custom".
import { request } from "undici";
import { defineProvider, defineResource } from "../../src/custom";
import { agentPoolSchema, agentTokenSchema, tfcAgentsProviderSchema } from "./schema";

/** What HCP Terraform's agent-pool and agent-token endpoints return (JSON:API `data`), the fields kept in state. */
type Pool = { id: string; attributes: { name: string; "created-at": string }; relationships: { organization: { data: { id: string } } } };
type Token = { id: string; attributes: { description: string; token: string | null; "created-at": string; "last-used-at": string | null } };

/** HCP Terraform's API as the hooks use it. Errors name the call, its status and the API's messages, never the API token. */
export class AgentsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  /** The object at `path`; null when there is none (deleted outside Terraform). */
  get = <T>(path: string) => this.call<T>("GET", path);
  /** Creates (POST) or changes (PATCH) an object; a 404 is an error here: what it belongs to is missing. */
  write = async <T>(method: "POST" | "PATCH", path: string, type: string, attributes: object) => (await this.call<T>(method, path, { type, attributes })) as T;
  /** Deletes the object at `path`; one already gone counts as deleted. */
  delete = async (path: string) => void (await this.call("DELETE", path));

  private async call<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: object): Promise<T | null> {
    if (!this.token) throw new Error("tfcagents: no API token: set the provider's token, or TFE_TOKEN");
    const headers = { authorization: `Bearer ${this.token}`, "content-type": "application/vnd.api+json" };
    const response = await request(`${this.baseUrl}/api/v2${path}`, { method, headers, body: data && JSON.stringify({ data }) });
    const text = await response.body.text();
    if (response.statusCode === 404 && (method === "GET" || method === "DELETE")) return null;
    if (response.statusCode >= 400) throw new Error(`HCP Terraform answered ${method} ${path} with ${response.statusCode}: ${apiErrors(text)}`);
    return text ? (JSON.parse(text) as { data: T }).data : null;
  }
}

/** The messages of a JSON:API error body; the start of any other body (a proxy's error page). */
function apiErrors(text: string): string {
  try {
    return (JSON.parse(text) as { errors: { title?: string; detail?: string }[] }).errors.map((error) => error.detail || error.title).join("; ");
  } catch {
    return text.slice(0, 200) || "(empty body)";
  }
}

const poolState = ({ id, attributes, relationships }: Pool) => {
  return { id, name: attributes.name, organization: relationships.organization.data.id, created_at: attributes["created-at"] };
};

const agentPool = defineResource<typeof agentPoolSchema, AgentsApi>(agentPoolSchema, {
  create: async ({ clients }, { planned }) => {
    const path = `/organizations/${encodeURIComponent(planned.organization)}/agent-pools`;
    return { state: poolState(await clients.write<Pool>("POST", path, "agent-pools", { name: planned.name })) };
  },
  read: async ({ clients }, { state }) => {
    const pool = await clients.get<Pool>(`/agent-pools/${state.id}`);
    return pool && { state: poolState(pool) };
  },
  update: async ({ clients }, { prior, planned }) => {
    return { state: poolState(await clients.write<Pool>("PATCH", `/agent-pools/${prior.id}`, "agent-pools", { name: planned.name })) };
  },
  delete: ({ clients }, { state }) => clients.delete(`/agent-pools/${state.id}`),
  import: (_ctx, { id }) => ({ state: { id } }),
});

const tokenState = (agentPoolId: string, { id, attributes }: Token, secret: string | null) => {
  const { description, "created-at": createdAt, "last-used-at": lastUsedAt } = attributes;
  return { id, agent_pool_id: agentPoolId, description, token: secret, created_at: createdAt, last_used_at: lastUsedAt };
};

const agentToken = defineResource<typeof agentTokenSchema, AgentsApi>(agentTokenSchema, {
  // A token created in a run whose engine was killed may be in no state: revoke it; the next deploy creates another.
  rollbackOnEngineDeath: true,
  create: async ({ clients }, { planned }) => {
    const { agent_pool_id: agentPoolId, description } = planned;
    const created = await clients.write<Token>("POST", `/agent-pools/${agentPoolId}/authentication-tokens`, "authentication-tokens", { description });
    return { state: tokenState(agentPoolId, created, created.attributes.token) };
  },
  // The API returns the secret only at creation, so the stored one is kept; null (deleted outside Terraform) plans a new token.
  read: async ({ clients }, { state }) => {
    const token = await clients.get<Token>(`/authentication-tokens/${state.id}`);
    return token && { state: tokenState(state.agent_pool_id, token, state.token) };
  },
  delete: ({ clients }, { state }) => clients.delete(`/authentication-tokens/${state.id}`),
  // The API does not say which pool a token belongs to, so the import id names both.
  import: (_ctx, { id }) => {
    const ids = /^(apool-[A-Za-z0-9]+)\/(at-[A-Za-z0-9]+)$/.exec(id);
    if (!ids) throw new Error(`tfcagents_token: import takes "<agent_pool_id>/<token id>" (apool-.../at-...), got "${id}"`);
    return { state: { id: ids[2], agent_pool_id: ids[1] } };
  },
});

/** What the plugin packaged at synth serves (see ./constructs.ts). */
export const tfcAgentsProvider = defineProvider(tfcAgentsProviderSchema, {
  configure: (config) => {
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    const baseUrl = text(config.address)?.replace(/\/+$/, "") ?? `https://${text(config.hostname) ?? "app.terraform.io"}`;
    return new AgentsApi(baseUrl, text(config.token));
  },
  resources: [agentPool, agentToken],
});

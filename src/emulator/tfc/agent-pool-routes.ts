import { isRecord, objectBody, type Exchange } from "../http/exchange";
import type { Router } from "../http/router";
import { emptyReply, isReply, type Reply } from "../http/reply";
import { permittedOrganization, type TfcContext } from "./context";
import { agentPoolResource } from "./documents";
import { invalidAttribute, jsonApiError, jsonApiReply, notFound, requestAttributes } from "./jsonapi";
import type { AgentPool } from "./model";
import { paginate } from "./pagination";
import type { AgentPoolAttributes } from "./store";

/** The relationships that would scope a pool to workspaces or projects, which the emulator does not have. */
const WORKSPACE_SCOPES = ["allowed-workspaces", "allowed-projects", "excluded-workspaces"] as const;

const SORT_KEYS: Record<string, (pool: AgentPool) => string | number> = {
  name: (pool) => pool.name.toLowerCase(),
  "created-at": (pool) => pool.createdAt,
};

/** Agent pools: an organization's list and create, and read, update and delete by `apool-` id. */
export function addAgentPoolRoutes(router: Router<TfcContext>): void {
  router
    .add("GET", "/organizations/:organization/agent-pools", (context, { organization }) => listAgentPools(context, organization))
    .add("POST", "/organizations/:organization/agent-pools", (context, { organization }) => createAgentPool(context, organization))
    .add("GET", "/agent-pools/:poolId", (context, { poolId }) => withManagedPool(context, poolId, (pool) => jsonApiReply(200, { data: agentPoolResource(pool) })))
    .add("PATCH", "/agent-pools/:poolId", (context, { poolId }) => withManagedPool(context, poolId, (pool) => updateAgentPool(context, pool)))
    .add("DELETE", "/agent-pools/:poolId", (context, { poolId }) =>
      withManagedPool(context, poolId, (pool) => {
        context.store.deleteAgentPool(pool);
        return emptyReply(204);
      }),
    );
}

/** The pool if it exists and the caller may manage its organization's agent pools; otherwise 404. */
export function managedAgentPool(context: TfcContext, poolId: string): AgentPool | Reply {
  const pool = context.store.agentPool(poolId);
  return pool && context.access.canManageAgentPools(context.token, pool.organization) ? pool : notFound();
}

function withManagedPool(context: TfcContext, poolId: string, act: (pool: AgentPool) => Reply): Reply {
  const pool = managedAgentPool(context, poolId);
  return isReply(pool) ? pool : act(pool);
}

function listAgentPools(context: TfcContext, organizationName: string): Reply {
  const organization = permittedOrganization(context, organizationName, (token, name) => context.access.canManageAgentPools(token, name));
  if (isReply(organization)) return organization;
  const query = context.exchange.query;
  const sort = query.get("sort") ?? "created-at";
  const sortKey = SORT_KEYS[sort.replace(/^-/, "")];
  if (!sortKey) return jsonApiError(400, "invalid sort", `Unknown sort: ${sort}`);
  const search = (query.get("q") ?? "").toLowerCase();
  const direction = sort.startsWith("-") ? -1 : 1;
  // Pools made in the same millisecond keep their creation order (the store's), reversed with the sort.
  const pools = context.store
    .agentPoolsOf(organization.name)
    .map((pool, position) => ({ pool, position }))
    .filter(({ pool }) => pool.name.toLowerCase().includes(search))
    .sort((a, b) => {
      const x = sortKey(a.pool);
      const y = sortKey(b.pool);
      return (x < y ? -1 : x > y ? 1 : a.position - b.position) * direction;
    });
  const page = paginate(pools, context.exchange);
  return jsonApiReply(200, { data: page.items.map(({ pool }) => agentPoolResource(pool)), links: page.links, meta: page.meta });
}

function createAgentPool(context: TfcContext, organizationName: string): Reply {
  const organization = permittedOrganization(context, organizationName, (token, name) => context.access.canManageAgentPools(token, name));
  if (isReply(organization)) return organization;
  const attributes = poolAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  if (attributes.name === undefined || attributes.name === "") return invalidAttribute("Name can't be blank", "name");
  const pool = context.store.addAgentPool(organization.name, { name: attributes.name, organizationScoped: attributes.organizationScoped ?? true });
  return jsonApiReply(201, { data: agentPoolResource(pool) });
}

function updateAgentPool(context: TfcContext, pool: AgentPool): Reply {
  const attributes = poolAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  if (attributes.name === "") return invalidAttribute("Name can't be blank", "name");
  context.store.updateAgentPool(pool, attributes);
  return jsonApiReply(200, { data: agentPoolResource(pool) });
}

/** The settable attributes present in the request, each checked for its type. */
function poolAttributes(exchange: Exchange): Partial<AgentPoolAttributes> | Reply {
  const attributes = requestAttributes(exchange);
  if (isReply(attributes)) return attributes;
  const { name, "organization-scoped": organizationScoped } = attributes;
  if (name !== undefined && typeof name !== "string") return invalidAttribute("Name must be a string", "name");
  if (organizationScoped !== undefined && typeof organizationScoped !== "boolean") return invalidAttribute("Organization scoped must be a boolean", "organization-scoped");
  const scoped = scopedRelationship(exchange);
  if (scoped !== undefined) return jsonApiError(422, "invalid relationship", `No workspace or project in ${scoped} exists in this organization`, `/data/relationships/${scoped}`);
  return { name, organizationScoped };
}

/** The first workspace/project relationship naming any resource: none can exist here, so naming one is an error. */
function scopedRelationship(exchange: Exchange): string | undefined {
  const data = objectBody(exchange)?.data;
  const relationships = isRecord(data) ? data.relationships : undefined;
  if (!isRecord(relationships)) return undefined;
  return WORKSPACE_SCOPES.find((name) => {
    const relationship = relationships[name];
    return isRecord(relationship) && Array.isArray(relationship.data) && relationship.data.length > 0;
  });
}

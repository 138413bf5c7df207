import type { Router } from "../http/router";
import { isReply, type Reply } from "../http/reply";
import { managedAgentPool } from "./agent-pool-routes";
import { creatorOf, type TfcContext } from "./context";
import { tokenResource } from "./documents";
import { invalidAttribute, jsonApiReply, requestAttributes } from "./jsonapi";
import { paginate } from "./pagination";

/**
 * An agent pool's tokens: create (the only response with the secret) and list. Read and delete by
 * `at-` id share `/authentication-tokens/:id` with team and user tokens (team-token-routes.ts).
 */
export function addAgentTokenRoutes(router: Router<TfcContext>): void {
  router
    .add("POST", "/agent-pools/:poolId/authentication-tokens", (context, { poolId }) => createAgentToken(context, poolId))
    .add("GET", "/agent-pools/:poolId/authentication-tokens", (context, { poolId }) => {
      const pool = managedAgentPool(context, poolId);
      if (isReply(pool)) return pool;
      const tokens = context.store.liveTokens().filter((token) => token.agentPoolId === pool.id);
      const page = paginate(tokens, context.exchange);
      return jsonApiReply(200, { data: page.items.map((token) => tokenResource(token)), links: page.links, meta: page.meta });
    });
}

function createAgentToken(context: TfcContext, poolId: string): Reply {
  const pool = managedAgentPool(context, poolId);
  if (isReply(pool)) return pool;
  const attributes = requestAttributes(context.exchange);
  if (isReply(attributes)) return attributes;
  const description = attributes.description;
  if (typeof description !== "string" || description.trim() === "") return invalidAttribute("Description can't be blank", "description");
  const { token, secret } = context.store.issueToken({
    kind: "agent",
    organization: pool.organization,
    teamId: null,
    agentPoolId: pool.id,
    userId: null,
    description,
    legacy: false,
    // Agent tokens do not expire; they last until deleted, or until their pool is.
    expiredAt: null,
    createdBy: creatorOf(context.token),
  });
  return jsonApiReply(201, { data: tokenResource(token, secret) });
}

import { isRecord } from "../http/exchange";
import type { Router } from "../http/router";
import { isReply, type Reply } from "../http/reply";
import type { TfcContext } from "./context";
import { jsonApiError, jsonApiReply, notFound, requestAttributes } from "./jsonapi";
import { FEATURE_SETS, type FeatureSet } from "./model";
import { paginate } from "./pagination";

/**
 * The part of the admin API that go-tfe's tests use to move an organization to another plan:
 * the `feature-sets` list and an organization's `subscription`. Only a site administrator's
 * token may call them; to anyone else they do not exist (404).
 */
export function addAdminRoutes(router: Router<TfcContext>): void {
  router
    .add("GET", "/admin/feature-sets", (context) =>
      asSiteAdmin(context, () => {
        const query = (context.exchange.query.get("q") ?? "").toLowerCase();
        const page = paginate(
          FEATURE_SETS.filter((featureSet) => featureSet.name.toLowerCase().includes(query)),
          context.exchange,
        );
        return jsonApiReply(200, { data: page.items.map(featureSetResource), links: page.links, meta: page.meta });
      }),
    )
    .add("POST", "/admin/organizations/:organization/subscription", (context, { organization }) =>
      asSiteAdmin(context, () => {
        const found = context.store.organization(organization);
        if (!found) return notFound();
        const attributes = requestAttributes(context.exchange);
        if (isReply(attributes)) return attributes;
        const featureSet = requestedFeatureSet(context);
        if (!featureSet) return jsonApiError(422, "invalid relationship", "Feature set must exist", "/data/relationships/feature-set");
        context.store.setFeatureSet(found, featureSet.id);
        return jsonApiReply(201, {
          data: {
            id: `sub-${found.externalId.slice("org-".length)}`,
            type: "subscriptions",
            attributes: { "is-active": true, "is-public-free-tier": featureSet.name === "Free", ...attributes },
            relationships: {
              organization: { data: { id: found.name, type: "organizations" } },
              "feature-set": { data: { id: featureSet.id, type: "feature-sets" } },
            },
          },
        });
      }),
    );
}

function asSiteAdmin(context: TfcContext, act: () => Reply): Reply {
  const user = context.token.kind === "user" && context.token.userId !== null ? context.store.user(context.token.userId) : undefined;
  return user?.isSiteAdmin === true ? act() : notFound();
}

function featureSetResource(featureSet: FeatureSet): Record<string, unknown> {
  return { id: featureSet.id, type: "feature-sets", attributes: { name: featureSet.name, "is-current": true } };
}

/** `data.relationships.feature-set.data.id` of the request, when it names a known feature set. */
function requestedFeatureSet(context: TfcContext): FeatureSet | undefined {
  const body = context.exchange.body;
  const data = body.kind === "json" && isRecord(body.value) ? body.value.data : undefined;
  const relationships = isRecord(data) ? data.relationships : undefined;
  const relation = isRecord(relationships) ? relationships["feature-set"] : undefined;
  const target = isRecord(relation) ? relation.data : undefined;
  const id = isRecord(target) ? target.id : undefined;
  return FEATURE_SETS.find((featureSet) => featureSet.id === id);
}

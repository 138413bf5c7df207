import type * as proto from "../../protocol/tfplugin6";
import type { ProviderSession } from "../session";
import { toProtoSchema } from "../schema-proto";

/** GetMetadata and GetProviderSchema: what the provider serves, or why it serves nothing. */

function serverCapabilities(): proto.ServerCapabilities {
  // Schema-optional lets the engine cache the schema instead of asking every provider process.
  return { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false, generate_resource_config: false };
}

function schemaDiagnostics(session: ProviderSession<unknown>): proto.Diagnostic[] {
  return session.problems.map((problem) => ({
    severity: 1,
    summary: "Invalid provider schema",
    detail: `${problem}\n\nThis is a bug in the ${session.definition.typeName} provider; please report it.`,
  }));
}

export function getMetadata(session: ProviderSession<unknown>): proto.GetMetadataResponse {
  return {
    server_capabilities: serverCapabilities(),
    diagnostics: schemaDiagnostics(session),
    resources: session.resourceTypeNames().map((type_name) => ({ type_name })),
    data_sources: [],
    functions: [],
    ephemeral_resources: [],
    list_resources: [],
    state_stores: [],
    actions: [],
  };
}

export function getProviderSchema(session: ProviderSession<unknown>): proto.GetProviderSchemaResponse {
  const base = { server_capabilities: serverCapabilities(), data_source_schemas: {} };
  // The engine stops at error diagnostics before reading any schema, so an invalid one is never served.
  if (session.problems.length > 0) {
    return { ...base, provider: toProtoSchema({ version: 0, description: "", attributes: {} }), resource_schemas: {}, diagnostics: schemaDiagnostics(session) };
  }
  return {
    ...base,
    provider: toProtoSchema(session.definition.schema),
    resource_schemas: Object.fromEntries(session.resourceDefinitions().map((resource) => [resource.schema.typeName, toProtoSchema(resource.schema)])),
    diagnostics: [],
  };
}

import { encodeMsgpack } from "../../cty";
import type * as proto from "../../protocol/tfplugin6";
import { blockType } from "../block-type";
import { Issues } from "../issues";
import { decodePrivate, encodePrivate } from "../private-state";
import type { ProviderSession } from "../session";
import { checkKnown, checkShape, checkTypes, fillMissing, withoutWriteOnly } from "../state-checks";
import { upgradeRawState } from "../state-upgrade";
import { decodeObject } from "../wire-values";

/** UpgradeResourceState, ReadResource and ImportResourceState: what the engine learns about existing objects. */

export async function upgradeResourceState<C>(session: ProviderSession<C>, request: proto.UpgradeResourceStateRequest): Promise<proto.UpgradeResourceStateResponse> {
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  let upgraded: proto.DynamicValue | undefined;
  if (resource) {
    await session.guard(issues, () => {
      const state = upgradeRawState(resource, Number(request.version), request.raw_state);
      upgraded = { msgpack: encodeMsgpack(withoutWriteOnly(resource.schema, state), blockType(resource.schema)) };
    });
  }
  return { upgraded_state: upgraded, diagnostics: session.diagnosticsFor(issues, resource) };
}

export async function readResource<C>(session: ProviderSession<C>, request: proto.ReadResourceRequest): Promise<proto.ReadResourceResponse> {
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  // On any failure the engine keeps the state it sent.
  let response: proto.ReadResourceResponse = { new_state: request.current_state, private: request.private, diagnostics: [] };
  if (resource) {
    await session.guard(issues, async () => {
      const type = blockType(resource.schema);
      const configured = session.requireConfigured(issues);
      if (!configured) return;
      if (configured.unknown.length > 0) {
        issues.add({
          path: [],
          severity: "warning",
          summary: `${resource.schema.typeName} was not refreshed`,
          detail: `The provider configuration (${configured.unknown.join(", ")}) is not known until apply, so the remote object could not be read.`,
        });
        return;
      }
      const state = decodeObject(request.current_state, type);
      const privateState = decodePrivate(request.private);
      const result = await session.hook(resource, "read", () => resource.read(session.context(configured, issues), { state, private: privateState }));
      if (result === null) {
        response = { new_state: { msgpack: encodeMsgpack(null, type) }, private: Buffer.alloc(0), diagnostics: [] };
        return;
      }
      const newState = withoutWriteOnly(resource.schema, result.state);
      issues.add(...checkShape(resource.schema, newState, "read"), ...checkTypes(resource.schema, newState, "read"), ...checkKnown(resource.schema, newState, "read"));
      if (issues.hasErrors) return;
      response = { new_state: { msgpack: encodeMsgpack(newState, type) }, private: encodePrivate(result.private ?? privateState), diagnostics: [] };
    });
  }
  return { ...response, diagnostics: session.diagnosticsFor(issues, resource) };
}

export async function importResourceState<C>(session: ProviderSession<C>, request: proto.ImportResourceStateRequest): Promise<proto.ImportResourceStateResponse> {
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  let imported: proto.ImportedResource[] = [];
  if (resource) {
    await session.guard(issues, async () => {
      const { schema } = resource;
      const configured = session.requireKnownConfiguration(issues, `import ${schema.typeName}`);
      if (!configured) return;
      if (!resource.import) {
        issues.add({ path: [], summary: `${schema.typeName} cannot be imported`, detail: `The ${session.definition.typeName} provider does not support importing ${schema.typeName}.` });
        return;
      }
      const importHook = resource.import;
      const result = await session.hook(resource, "import", () => importHook(session.context(configured, issues), { id: request.id }));
      const state = withoutWriteOnly(schema, fillMissing(schema, result.state));
      issues.add(...checkShape(schema, state, "import"), ...checkTypes(schema, state, "import"), ...checkKnown(schema, state, "import"));
      if (issues.hasErrors) return;
      imported = [{ type_name: schema.typeName, state: { msgpack: encodeMsgpack(state, blockType(schema)) }, private: encodePrivate(result.private) }];
    });
  }
  return { imported_resources: imported, diagnostics: session.diagnosticsFor(issues, resource) };
}

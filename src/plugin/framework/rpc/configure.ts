import type * as proto from "../../protocol/tfplugin6";
import { blockType } from "../block-type";
import { validateAttributes } from "../config-validation";
import { Issues } from "../issues";
import { applyEnvDefaults, unknownAttributes } from "../provider-config";
import type { ProviderSession } from "../session";
import { decodeObject } from "../wire-values";

/** ValidateProviderConfig, ValidateResourceConfig and ConfigureProvider: checks of configuration, no API call. */

export async function validateProviderConfig<C>(session: ProviderSession<C>, request: proto.ValidateProviderConfigRequest): Promise<proto.ValidateProviderConfigResponse> {
  const issues = new Issues();
  await session.guard(issues, () => {
    const config = decodeObject(request.config, session.providerType);
    issues.add(...validateAttributes(session.definition.schema, config));
  });
  return { diagnostics: session.providerDiagnostics(issues.list) };
}

export async function validateResourceConfig<C>(session: ProviderSession<C>, request: proto.ValidateResourceConfigRequest): Promise<proto.ValidateResourceConfigResponse> {
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  if (resource) {
    await session.guard(issues, async () => {
      const config = decodeObject(request.config, blockType(resource.schema));
      issues.add(...validateAttributes(resource.schema, config));
      if (resource.validate) issues.add(...(await session.hook(resource, "validate", () => resource.validate!(config))));
    });
  }
  return { diagnostics: session.diagnosticsFor(issues, resource) };
}

export async function configureProvider<C>(session: ProviderSession<C>, request: proto.ConfigureProviderRequest): Promise<proto.ConfigureProviderResponse> {
  const issues = new Issues();
  const { schema } = session.definition;
  await session.guard(issues, async () => {
    const given = decodeObject(request.config, session.providerType);
    const config = applyEnvDefaults(schema, given, session.options.env ?? process.env);
    // Values from the environment were not seen by ValidateProviderConfig.
    issues.add(...validateAttributes(schema, config));
    if (issues.hasErrors) return;
    const clients = await session.definition.configure(config, { terraformVersion: request.terraform_version });
    session.configured = { clients, unknown: unknownAttributes(schema, config) };
  });
  return { diagnostics: session.providerDiagnostics(issues.list) };
}

import type { Construct } from "constructs";
import * as fs from "node:fs";
import { core, ImportableResource, type TerraformMetaArguments, type TerraformProvider } from "./cdk-core";
import { installPluginInStack } from "./plugin-shim";
import { packageProviderPlugin, type PackagedPlugin } from "./user-plugin-bundle";
import { conventionalProviderEntry } from "./provider-entry";
import { SchemaProvider, SchemaResource } from "./schema-construct";
import { propertyName } from "./attribute-mapping";
import { attributeReference } from "./attribute-references";
import type { DefinedProviderClass, DefinedResourceClass } from "./defined-construct-types";
import { localProviderAddress, type ProviderAddress } from "../provider/address";
import type { ResourceSchema } from "../schema/types";
import type { Attributes } from "../custom/model";
import type { ProviderSpec } from "../custom/define-provider";
import type { ResourceSpec } from "../custom/define-resource";

/** What {@link providerConstructs} accepts besides the provider. */
export interface ProviderConstructOptions {
  /**
   * The provider version the stack requires exactly (`required_providers.<name>.version`), for a
   * plugin installed some other way: with it, the constructs package no plugin and look for no
   * module. Cannot be combined with `entry`.
   * @default the version derived from the packaged plugin's bytes, `0.0.0-h<hash of the bundle>`
   */
  readonly version?: string;
  /**
   * The module exporting the provider (what `defineProvider` returns), TypeScript or JavaScript,
   * relative to the working directory of synth (the cdktf project). The constructs package the
   * plugin serving the provider from it: it is bundled with esbuild (once per change of the module
   * or anything it imports, cached in `node_modules/.cache/cdktf-token-hooks`), and every stack
   * that has the provider's construct gets it in its implied local mirror and its lock entry, at
   * the version `0.0.0-h<hash of the bundle>`, which `required_providers` pins exactly.
   *
   * When absent (and `version` is too), the module is found by convention, as AWS CDK's
   * `NodejsFunction` finds its entry: `<name>.provider.ts`, else `<name>.provider.js`, in the
   * folder of the file that calls `providerConstructs`, `<name>` being the provider's type name
   * (`acme.provider.ts` beside `acme-constructs.ts`). When neither exists, `providerConstructs`
   * throws, naming both paths.
   */
  readonly entry?: string;
}

/** The construct classes of one user-defined provider. */
export interface ProviderConstructs<A extends Attributes> {
  /** The provider's construct: `provider "<name>" { ... }` and `required_providers.<name>`. */
  readonly Provider: DefinedProviderClass<A>;
  /**
   * The construct class of one of the provider's resource types, from its schema (what
   * `resourceSchema` returns) or its definition (what `defineResource` returns). Throws when the
   * type name lacks the provider's `<name>_` prefix.
   */
  resource<R extends Attributes>(resource: ResourceSpec<R> | { readonly schema: ResourceSpec<R> }): DefinedResourceClass<R>;
}

/**
 * Construct classes for a provider defined with `cdktf-token-hooks/custom`, with no code
 * generation: the provider's construct, and through `resource(...)` one class per resource type,
 * with camelCase props and typed getters inferred from the schemas, `generateConfigForImport`,
 * and literal prop values checked by the attributes' validators at synth, naming the construct
 * path and the property. The provider's source is `cdktf-token-hooks.local/<name>/<name>`.
 *
 * The provider's construct also puts the plugin serving it into the stack's mirror and lock file
 * at synth, as `TokenHooksProvider` does, packaged from the provider's module: `entry`, or by
 * convention `<name>.provider.ts` (or `.js`) beside the calling file. Given a `version` instead,
 * these constructs only synthesize configuration and the plugin is installed some other way.
 *
 * Pass the schemas (from `providerSchema` / `resourceSchema`) rather than the definitions, from a
 * module without hooks, so that synth loads no hook or client code: the module with the hooks is
 * only bundled, never loaded.
 *
 * @example
 * // acme-constructs.ts; the hooks are in acme.provider.ts beside it
 * const acme = providerConstructs(acmeProviderSchema);
 * export const AcmeProvider = acme.Provider;
 * export const Widget = acme.resource(widgetSchema);
 */
export function providerConstructs<A extends Attributes>(
  provider: ProviderSpec<A> | { readonly schema: ProviderSpec<A> },
  options: ProviderConstructOptions = {},
): ProviderConstructs<A> {
  const schema = "schema" in provider ? provider.schema : provider;
  const { version, plugin } = providerPlugin(schema.typeName, options);
  const address = localProviderAddress(schema.typeName, version);
  class DefinedProvider extends SchemaProvider {
    static readonly tfResourceType = schema.typeName;

    constructor(scope: Construct, id: string, config: { readonly alias?: string } = {}) {
      super(scope, id, schema, config, address);
      if (plugin) installPluginInStack(core.TerraformStack.of(this), address, () => fs.readFileSync(plugin.bundlePath));
    }
  }
  return {
    Provider: DefinedProvider as unknown as DefinedProviderClass<A>,
    resource: <R extends Attributes>(resource: ResourceSpec<R> | { readonly schema: ResourceSpec<R> }) =>
      resourceConstruct("schema" in resource ? resource.schema : resource, address) as unknown as DefinedResourceClass<R>,
  };
}

/**
 * The version the stack requires, and the plugin packaged from `entry` or from the provider's
 * module found beside the calling file, unless a `version` says it is installed some other way.
 */
function providerPlugin(typeName: string, options: ProviderConstructOptions): { readonly version: string; readonly plugin?: PackagedPlugin } {
  if (options.version !== undefined) {
    if (options.entry !== undefined) throw new Error(`cdktf-token-hooks: provider ${typeName}: a packaged plugin's version is derived from its bytes, so give entry or version, not both`);
    return { version: options.version };
  }
  const plugin = packageProviderPlugin({ entry: options.entry ?? conventionalProviderEntry(typeName), typeName });
  return { version: plugin.version, plugin };
}

function resourceConstruct(schema: ResourceSchema, address: ProviderAddress): unknown {
  if (!schema.typeName.startsWith(`${address.type}_`)) {
    throw new Error(`cdktf-token-hooks: resource type ${schema.typeName} is not one of provider ${address.type}'s (its name must start with "${address.type}_")`);
  }
  return class DefinedResource extends SchemaResource {
    static readonly tfResourceType = schema.typeName;

    static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: TerraformProvider): ImportableResource {
      return new ImportableResource(scope, importToId, { terraformResourceType: schema.typeName, importId: importFromId, provider });
    }

    constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
      super(scope, id, schema, config, address);
      defineReferences(this, schema);
    }
  };
}

/**
 * One getter per stored attribute, on the instance: a member the base classes already have
 * (`count`, `provider`, `node`, a method) would be hidden, so such a name is refused instead.
 */
function defineReferences(resource: SchemaResource, schema: ResourceSchema): void {
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (attribute.writeOnly) continue;
    const property = propertyName(name);
    if (property in resource) {
      throw new Error(`${resource.node.path}: attribute ${name} of ${schema.typeName} cannot be a construct property: "${property}" is a member of every resource construct`);
    }
    Object.defineProperty(resource, property, { get: () => attributeReference(resource, name, attribute.type), enumerable: true });
  }
}

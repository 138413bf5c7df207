import type { Construct } from "constructs";
import * as fs from "node:fs";
import { core, ImportableResource, type TerraformMetaArguments, type TerraformProvider } from "./cdk-core";
import { installPluginInStack } from "./plugin-shim";
import { packageProviderPlugin } from "./user-plugin-bundle";
import { SchemaProvider, SchemaResource } from "./schema-construct";
import { propertyName } from "./attribute-mapping";
import { attributeReference } from "./attribute-references";
import type { DefinedProviderClass, DefinedResourceClass } from "./defined-construct-types";
import { localProviderAddress, PROVIDER_VERSION, type ProviderAddress } from "../provider/address";
import type { ResourceSchema } from "../schema/types";
import type { Attributes } from "../custom/model";
import type { ProviderSpec } from "../custom/define-provider";
import type { ResourceSpec } from "../custom/define-resource";

/** What {@link providerConstructs} accepts besides the provider. */
export interface ProviderConstructOptions {
  /**
   * The provider version the stack requires exactly (`required_providers.<name>.version`): the
   * version the plugin serving the provider is packaged under.
   * @default with `entry`, the version derived from the plugin's bytes; otherwise this
   * package's version, as for the built-in `tokenhooks` provider
   */
  readonly version?: string;
  /**
   * The module exporting the provider (what `defineProvider` returns), TypeScript or JavaScript,
   * relative to the working directory of synth (the cdktf project). With it, the constructs package
   * the plugin serving the provider: it is bundled with esbuild (once per change of the module or
   * anything it imports, cached in `node_modules/.cache/cdktf-token-hooks`), and every stack that
   * has the provider's construct gets it in its implied local mirror and its lock entry, at the
   * version `0.0.0-h<hash of the bundle>`, which `required_providers` pins exactly.
   * Cannot be combined with `version`.
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
 * Given the provider's module as `entry`, the provider's construct also puts the plugin serving
 * it into the stack's mirror and lock file at synth, as `TokenHooksProvider` does; without it,
 * these constructs only synthesize configuration and the plugin is installed some other way.
 *
 * Pass the schemas (from `providerSchema` / `resourceSchema`) rather than the definitions, from a
 * module without hooks, so that synth loads no hook or client code.
 *
 * @example
 * const acme = providerConstructs(acmeProviderSchema);
 * export const AcmeProvider = acme.Provider;
 * export const Widget = acme.resource(widgetSchema);
 */
export function providerConstructs<A extends Attributes>(
  provider: ProviderSpec<A> | { readonly schema: ProviderSpec<A> },
  options: ProviderConstructOptions = {},
): ProviderConstructs<A> {
  const schema = "schema" in provider ? provider.schema : provider;
  if (options.entry !== undefined && options.version !== undefined) {
    throw new Error(`cdktf-token-hooks: provider ${schema.typeName}: a packaged plugin's version is derived from its bytes, so give entry or version, not both`);
  }
  const plugin = options.entry === undefined ? undefined : packageProviderPlugin({ entry: options.entry, typeName: schema.typeName });
  const address = localProviderAddress(schema.typeName, plugin?.version ?? options.version ?? PROVIDER_VERSION);
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

import type { Construct } from "constructs";
import { core, type TerraformMetaArguments } from "./cdk-core";
import type { BlockSchema, ResourceSchema } from "../schema/types";
import { TOKENHOOKS_ADDRESS, type ProviderAddress } from "../provider/address";
import { SchemaInputs } from "./attribute-mapping";

/** Ties resources to the provider construct: cdktf's provider-presence check compares `providerName`. */
function generatorMetadata(address: ProviderAddress): { providerName: string; providerVersion: string } {
  return { providerName: address.type, providerVersion: address.version };
}

/**
 * Base of the generated resource constructs and of those made from a user's schema; `inputs` holds
 * what the user set, by attribute name. `address` is the provider serving the resource type.
 */
export abstract class SchemaResource extends core.TerraformResource {
  protected readonly inputs: SchemaInputs;

  protected constructor(scope: Construct, id: string, schema: ResourceSchema, config: TerraformMetaArguments, address: ProviderAddress = TOKENHOOKS_ADDRESS) {
    super(scope, id, {
      terraformResourceType: schema.typeName,
      terraformGeneratorMetadata: generatorMetadata(address),
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.inputs = new SchemaInputs(schema, config, this.node.path);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return this.inputs.synthesize();
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return this.inputs.synthesizeHcl();
  }
}

/** Base of the generated provider construct and of those made from a user's schema; `address` says which provider it configures. */
export abstract class SchemaProvider extends core.TerraformProvider {
  protected readonly inputs: SchemaInputs;
  private providerAlias?: string;

  protected constructor(scope: Construct, id: string, schema: BlockSchema, config: { readonly alias?: string }, address: ProviderAddress = TOKENHOOKS_ADDRESS) {
    super(scope, id, {
      terraformResourceType: address.type,
      terraformGeneratorMetadata: generatorMetadata(address),
      terraformProviderSource: address.source,
    });
    this.inputs = new SchemaInputs(schema, config, this.node.path);
    this.providerAlias = config.alias;
  }

  /** The provider alias, for stacks with several configurations of the provider. */
  public get alias(): string | undefined {
    return this.providerAlias;
  }

  public set alias(value: string | undefined) {
    this.providerAlias = value;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { ...this.inputs.synthesize(), alias: this.providerAlias };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    if (this.providerAlias === undefined) return this.inputs.synthesizeHcl();
    const alias = { value: this.providerAlias, isBlock: false, type: "simple", storageClassType: "string" };
    return { ...this.inputs.synthesizeHcl(), alias };
  }
}

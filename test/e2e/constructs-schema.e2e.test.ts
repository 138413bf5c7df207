import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { GENERATED_DIR } from "../../scripts/generate-constructs";
import { propertyName } from "../../src/constructs/attribute-mapping";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../../src/provider/address";
import { describeEachEngine } from "../support/engines";
import { TfWorkdir } from "../support/tf-workdir";

/**
 * The constructs and the plugin share one schema: the attributes of every construct — names,
 * whether they are required, optional, computed, sensitive or write-only, and their types, as
 * the constructs' TypeScript API declares them — equal what `providers schema -json` reports
 * from the real plugin, for the provider block and every resource.
 */

const PLUGIN = join(__dirname, "../../dist/terraform-provider-tokenhooks.js");

/** One attribute, as compared: flags that are false are left out, as the engine's JSON does. */
interface AttributeFacts {
  type: string;
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
}
type Block = Record<string, AttributeFacts>;

/** What the engine says: `{ provider, resources }` of our provider, reduced to {@link AttributeFacts}. */
function fromEngineSchema(json: string): { provider: Block; resources: Record<string, Block> } {
  interface JsonAttribute {
    type: unknown;
    required?: boolean;
    optional?: boolean;
    computed?: boolean;
    sensitive?: boolean;
    write_only?: boolean;
  }
  type JsonBlock = { block: { attributes: Record<string, JsonAttribute>; block_types?: object } };
  const schemas = JSON.parse(json).provider_schemas as Record<string, { provider: JsonBlock; resource_schemas: Record<string, JsonBlock> }>;
  const ours = Object.entries(schemas).find(([address]) => address.endsWith(PROVIDER_SOURCE))?.[1];
  if (!ours) throw new Error(`providers schema -json has no ${PROVIDER_SOURCE}: ${Object.keys(schemas).join(", ")}`);
  const block = ({ block: { attributes, block_types } }: JsonBlock): Block => {
    // The constructs model attributes only.
    if (Object.keys(block_types ?? {}).length > 0) throw new Error(`the plugin serves nested blocks: ${JSON.stringify(block_types)}`);
    return Object.fromEntries(
      Object.entries(attributes).map(([name, attribute]) => {
        const facts: AttributeFacts = { type: JSON.stringify(attribute.type) };
        for (const flag of ["required", "optional", "computed", "sensitive", "write_only"] as const) if (attribute[flag]) facts[flag] = true;
        return [name, facts];
      }),
    );
  };
  return {
    provider: block(ours.provider),
    resources: Object.fromEntries(Object.entries(ours.resource_schemas).map(([type, schema]) => [type, block(schema)])),
  };
}

/** The cty type (as JSON) a construct property's or getter's TypeScript type stands for. */
const CTY_OF_TYPESCRIPT: Record<string, string> = {
  string: '"string"',
  number: '"number"',
  "boolean | cdk.IResolvable": '"bool"',
  "cdk.IResolvable": '"bool"',
};

/** What a member's TSDoc says: the Terraform attribute it stands for, and its flags. */
function memberDoc(member: ts.Node, sourceFile: ts.SourceFile): { attribute: string; sensitive: boolean; writeOnly: boolean; computedWhenUnset: boolean } {
  const doc = ts
    .getJSDocCommentsAndTags(member)
    .map((node) => node.getText(sourceFile))
    .join("\n");
  const attribute = /Terraform attribute `(\w+)`/.exec(doc)?.[1];
  if (attribute === undefined) throw new Error(`${sourceFile.fileName}: ${member.getText(sourceFile).split("\n")[0]} names no Terraform attribute`);
  return { attribute, sensitive: /Sensitive:/.test(doc), writeOnly: /Write-only:/.test(doc), computedWhenUnset: /Computed when not set:/.test(doc) };
}

function memberName(member: ts.PropertySignature | ts.GetAccessorDeclaration, sourceFile: ts.SourceFile): string {
  return member.name.getText(sourceFile);
}

/**
 * What a generated construct module declares: the class's `tfResourceType`, and per attribute
 * the config property (name, `?`, type), the getter (type) and the TSDoc flags. Settable means
 * required or optional; readable without being settable, or documented as "Computed when not
 * set", means computed.
 */
function fromConstructModule(file: string): { typeName: string; attributes: Block } {
  const sourceFile = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const config = sourceFile.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Config"));
  const construct = sourceFile.statements.find((node): node is ts.ClassDeclaration => ts.isClassDeclaration(node));
  if (!config || !construct) throw new Error(`${file}: expected a *Config interface and a construct class`);
  const typeProperty = construct.members.find((member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && member.name.getText(sourceFile) === "tfResourceType");
  const typeName = typeProperty?.initializer && ts.isStringLiteral(typeProperty.initializer) ? typeProperty.initializer.text : undefined;
  if (typeName === undefined) throw new Error(`${file}: the construct class has no literal tfResourceType`);

  const attributes: Block = {};
  const facts = (member: ts.PropertySignature | ts.GetAccessorDeclaration, typeNode: ts.TypeNode | undefined): [string, AttributeFacts, ReturnType<typeof memberDoc>] => {
    const doc = memberDoc(member, sourceFile);
    const property = memberName(member, sourceFile);
    // The property is the attribute's name in camelCase: a rename on one side only fails here.
    if (property !== propertyName(doc.attribute)) throw new Error(`${file}: ${property} documents Terraform attribute ${doc.attribute}`);
    const typeText = typeNode?.getText(sourceFile) ?? "(none)";
    const type = CTY_OF_TYPESCRIPT[typeText];
    if (type === undefined) throw new Error(`${file}: ${property} has the unexpected TypeScript type ${typeText}`);
    const entry = attributes[doc.attribute] ?? { type };
    if (entry.type !== type) throw new Error(`${file}: the ${property} property and getter disagree on the type (${entry.type}, ${type})`);
    return [doc.attribute, entry, doc];
  };
  for (const member of config.members) {
    if (!ts.isPropertySignature(member) || memberName(member, sourceFile) === "alias") continue;
    const [name, entry, doc] = facts(member, member.type);
    if (member.questionToken) entry.optional = true;
    else entry.required = true;
    if (doc.computedWhenUnset) entry.computed = true;
    if (doc.sensitive) entry.sensitive = true;
    if (doc.writeOnly) entry.write_only = true;
    attributes[name] = entry;
  }
  for (const member of construct.members) {
    if (!ts.isGetAccessorDeclaration(member)) continue;
    const [name, entry, doc] = facts(member, member.type);
    if (!entry.required && !entry.optional) entry.computed = true;
    if (doc.sensitive) entry.sensitive = true;
    attributes[name] = entry;
  }
  return { typeName, attributes };
}

const constructs = readdirSync(GENERATED_DIR)
  .filter((file) => file !== "index.ts")
  .map((file) => fromConstructModule(join(GENERATED_DIR, file)));

describeEachEngine("constructs and plugin schema", (engine) => {
  let engineSchema: ReturnType<typeof fromEngineSchema>;

  beforeAll(async () => {
    const work = TfWorkdir.create("tokenhooks-schema");
    try {
      work.installPlugin(PLUGIN, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
      work.writeConfig({ terraform: { required_providers: { [PROVIDER_TYPE]: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } } });
      await work.run(engine.path, ["init", "-input=false", "-no-color"]);
      engineSchema = fromEngineSchema((await work.run(engine.path, ["providers", "schema", "-json"])).stdout);
    } finally {
      work.dispose();
    }
  }, 120_000);

  test("there is one construct for the provider and one for each of the five resources", () => {
    expect(constructs.map((construct) => construct.typeName).sort()).toEqual([PROVIDER_TYPE, ...Object.keys(engineSchema.resources)].sort());
    expect(Object.keys(engineSchema.resources)).toHaveLength(5);
  });

  test("TokenHooksProvider's settings are the provider block's attributes", () => {
    expect(constructs.find((construct) => construct.typeName === PROVIDER_TYPE)?.attributes).toEqual(engineSchema.provider);
  });

  test.each(constructs.filter((construct) => construct.typeName !== PROVIDER_TYPE).map((construct) => [construct.typeName, construct.attributes] as const))(
    "the %s construct has the resource's attributes, flags and types",
    (typeName, attributes) => {
      expect(attributes).toEqual(engineSchema.resources[typeName]);
    },
  );
});

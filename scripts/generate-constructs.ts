/**
 * Writes src/constructs/generated/*.ts from the schema definitions the plugin serves, so the
 * bindings cannot drift from the plugin. Run with `npm run generate`; a unit test fails when the
 * committed files differ from what this produces.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CtyType } from "../src/schema/cty-type";
import type { AttributeSchema, BlockSchema } from "../src/schema/types";
import { constructSpecs, type ConstructSpec } from "../src/constructs/specs";
import { propertyName } from "../src/constructs/attribute-mapping";
import { referenceGetter, type ReferenceGetter } from "../src/constructs/attribute-references";

export const GENERATED_DIR = path.join(__dirname, "..", "src", "constructs", "generated");

interface TypeMapping {
  /** The config property's type. */
  input: string;
  /** The getter's type: a reference token of that type. */
  output: string;
  getter: ReferenceGetter;
}

/** The TypeScript types of the types the generated constructs bind; the getter is the one user-defined constructs use too. */
const TYPE_NAMES: { readonly [type: string]: Omit<TypeMapping, "getter"> } = {
  '"string"': { input: "string", output: "string" },
  '"number"': { input: "number", output: "number" },
  '"bool"': { input: "boolean | cdk.IResolvable", output: "cdk.IResolvable" },
  '["list","string"]': { input: "string[]", output: "string[]" },
  '["set","string"]': { input: "string[]", output: "string[]" },
  '["map","string"]': { input: "{ [key: string]: string }", output: "{ [key: string]: string }" },
};

function typeMapping(type: CtyType): TypeMapping {
  const names = TYPE_NAMES[JSON.stringify(type)];
  const getter = referenceGetter(type);
  if (names === undefined || getter === undefined) throw new Error(`generate-constructs: no binding for attribute type ${JSON.stringify(type)}`);
  return { ...names, getter };
}

function docComment(lines: string[], indent: string): string {
  const body = lines.flatMap((line) => line.replace(/\*\//g, "*\\/").split("\n"));
  return [`${indent}/**`, ...body.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)), `${indent} */`].join("\n");
}

function attributeDoc(name: string, attribute: AttributeSchema): string[] {
  const lines = [attribute.description, "", `Terraform attribute \`${name}\`.`];
  if (attribute.sensitive) lines.push("Sensitive: Terraform redacts it in plans and output.");
  if (attribute.writeOnly) lines.push("Write-only: sent to the provider but never stored in plan or state (Terraform >= 1.11).");
  if (attribute.requiresReplace) lines.push("Changing it replaces the resource.");
  if (isInput(attribute) && attribute.computed) lines.push("Computed when not set: the provider chooses the value and the getter reads it back.");
  if (attribute.deprecated) lines.push(`@deprecated ${attribute.deprecated}`);
  if (attribute.optional) lines.push(`@default ${defaultText(name, attribute)}`);
  return lines;
}

/** What happens when an optional attribute is absent, as the aws-cdk guidelines ask: never "not set". */
function defaultText(name: string, attribute: AttributeSchema): string {
  if (attribute.defaultDescription !== undefined) return attribute.defaultDescription;
  if (attribute.default !== undefined) return JSON.stringify(attribute.default);
  if (attribute.computed) return "- computed by the provider";
  throw new Error(`generate-constructs: optional attribute ${name} has no defaultDescription saying what happens when it is absent`);
}

function isInput(attribute: AttributeSchema): boolean {
  return Boolean(attribute.required || attribute.optional);
}

function configInterface(spec: ConstructSpec, schema: BlockSchema): string {
  const base = spec.kind === "resource" ? " extends cdk.TerraformMetaArguments" : "";
  const members = Object.keys(schema.attributes)
    .sort()
    .filter((name) => isInput(schema.attributes[name]))
    .map((name) => {
      const attribute = schema.attributes[name];
      const optional = attribute.required ? "" : "?";
      return `${docComment(attributeDoc(name, attribute), "  ")}\n  readonly ${propertyName(name)}${optional}: ${typeMapping(attribute.type).input};`;
    });
  if (spec.kind === "provider") members.push(`${docComment(["Alias of this provider configuration, for stacks with several.", "@default - the default configuration"], "  ")}\n  readonly alias?: string;`);
  return `${docComment([`Configuration of {@link ${spec.className}}.`], "")}\nexport interface ${spec.className}Config${base} {\n${members.join("\n")}\n}`;
}

/** One typed getter per attribute, returning a reference to the applied value (write-only ones have none). */
function resourceMembers(schema: BlockSchema): string[] {
  return Object.keys(schema.attributes)
    .sort()
    .filter((name) => !schema.attributes[name].writeOnly)
    .map((name) => {
      const mapping = typeMapping(schema.attributes[name].type);
      return `${docComment(attributeDoc(name, schema.attributes[name]), "  ")}\n  public get ${propertyName(name)}(): ${mapping.output} {\n    return this.${mapping.getter}("${name}");\n  }`;
    });
}

/** The TypeScript source of one generated construct module. */
export function renderConstruct(spec: ConstructSpec): string {
  const schema = spec.schema;
  const resource = spec.kind === "resource";
  const typeName = "typeName" in schema ? String(schema.typeName) : "tokenhooks";
  const imports = [
    `import type { Construct } from "constructs";`,
    `import * as cdk from "../cdk-core";`,
    `import { ${resource ? "SchemaResource" : "SchemaProvider"} } from "../schema-construct";`,
    `import { ${spec.schemaImport.name} } from "${spec.schemaImport.module}";`,
    ...(spec.prepareConfig ? [`import { ${spec.prepareConfig} } from "../construct-defaults";`] : []),
    ...(spec.afterConstruct ? [`import { ${spec.afterConstruct} } from "../construct-defaults";`] : []),
  ];
  const configArg = spec.prepareConfig ? `${spec.prepareConfig}(config)` : "config";
  const staticImport = resource
    ? [
        `  /** Terraform resource type, used by cdktf's Testing matchers. */\n  public static readonly tfResourceType = "${typeName}";`,
        `  /**\n   * Generates construct code for an existing ${spec.className} on the next \`cdktf plan\`.\n   * @param importFromId the id to import: ${spec.importIdDescription}\n   */\n  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdk.TerraformProvider): cdk.ImportableResource {\n    return new cdk.ImportableResource(scope, importToId, { terraformResourceType: "${typeName}", importId: importFromId, provider });\n  }`,
      ]
    : [`  /** Terraform provider type, used by cdktf's Testing matchers. */\n  public static readonly tfResourceType = "${typeName}";`];
  const defaultConfig = spec.kind === "provider" ? " = {}" : "";
  const constructor = [
    `  constructor(scope: Construct, id: string, config: ${spec.className}Config${defaultConfig}) {`,
    `    super(scope, id, ${spec.schemaImport.expression}, ${configArg});`,
    ...(spec.afterConstruct ? [`    ${spec.afterConstruct}(this);`] : []),
    `  }`,
  ].join("\n");
  const members = resource ? resourceMembers(schema) : [];
  const body = [
    configInterface(spec, schema),
    "",
    docComment([schema.description, "", resource ? `Terraform resource \`${typeName}\`.` : "The `tokenhooks` provider. Adding it to a stack also installs the plugin into the stack's implied local mirror at synth time."], ""),
    `export class ${spec.className} extends ${resource ? "SchemaResource" : "SchemaProvider"} {`,
    [...staticImport, constructor, ...members].join("\n\n"),
    `}`,
    "",
  ].join("\n");
  const usedImports = imports.filter((line) => !line.includes("* as cdk ") || /\bcdk\./.test(body));
  const header = `// Generated by scripts/generate-constructs.ts from ${spec.schemaImport.module.replace("../../", "src/")}.ts — do not edit; run \`npm run generate\`.`;
  return [header, ...usedImports, "", body].join("\n");
}

/** Every generated file, by file name. */
export function renderAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of constructSpecs) files.set(spec.file, renderConstruct(spec));
  files.set("index.ts", [`// Generated by scripts/generate-constructs.ts — do not edit.`, ...constructSpecs.map((spec) => `export * from "./${spec.file.replace(/\.ts$/, "")}";`), ""].join("\n"));
  return files;
}

if (require.main === module) {
  fs.rmSync(GENERATED_DIR, { recursive: true, force: true });
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  for (const [file, source] of renderAll()) fs.writeFileSync(path.join(GENERATED_DIR, file), source);
  console.log(`generate-constructs: wrote ${constructSpecs.length} constructs to ${path.relative(process.cwd(), GENERATED_DIR)}`);
}

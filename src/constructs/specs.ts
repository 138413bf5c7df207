import type { BlockSchema } from "../schema/types";
import { providerSchema } from "../provider/schema";
import { herokuConnectionSchema, terraformCloudConnectionSchema } from "../resources/schemas/infisical-connection";
import { auditTrailTokenSchema, organizationTokenSchema } from "../resources/schemas/organization-token";
import { teamTokenSchema } from "../resources/schemas/team-token";

/**
 * How one construct is generated from one schema (see scripts/generate-constructs.ts). Only the
 * schema modules are loaded: synth needs no hook, client or codec.
 */
export interface ConstructSpec {
  readonly className: string;
  readonly file: string;
  readonly kind: "provider" | "resource";
  readonly schema: BlockSchema;
  /** Where the generated module imports the same schema from at run time. */
  readonly schemaImport: { readonly module: string; readonly name: string; readonly expression: string };
  /** What `generateConfigForImport` accepts, for its TSDoc. */
  readonly importIdDescription?: string;
  /** A function in construct-defaults.ts that fills defaults into the config before use. */
  readonly prepareConfig?: string;
  /** A function in construct-defaults.ts called with the new construct. */
  readonly afterConstruct?: string;
}

export const constructSpecs: readonly ConstructSpec[] = [
  {
    className: "TokenHooksProvider",
    file: "provider.ts",
    kind: "provider",
    schema: providerSchema,
    schemaImport: { module: "../../provider/schema", name: "providerSchema", expression: "providerSchema" },
    afterConstruct: "installPluginForStack",
  },
  {
    className: "TeamToken",
    file: "team-token.ts",
    kind: "resource",
    schema: teamTokenSchema,
    schemaImport: { module: "../../resources/schemas/team-token", name: "teamTokenSchema", expression: "teamTokenSchema" },
    importIdDescription: "the token id (`at-…`), or the team id (`team-…`) for the team's legacy token",
    prepareConfig: "teamTokenDefaults",
  },
  {
    className: "OrganizationToken",
    file: "organization-token.ts",
    kind: "resource",
    schema: organizationTokenSchema,
    schemaImport: { module: "../../resources/schemas/organization-token", name: "organizationTokenSchema", expression: "organizationTokenSchema" },
    importIdDescription: "the organization name",
  },
  {
    className: "AuditTrailToken",
    file: "audit-trail-token.ts",
    kind: "resource",
    schema: auditTrailTokenSchema,
    schemaImport: { module: "../../resources/schemas/organization-token", name: "auditTrailTokenSchema", expression: "auditTrailTokenSchema" },
    importIdDescription: "the organization name",
  },
  {
    className: "InfisicalTerraformCloudConnection",
    file: "infisical-terraform-cloud-connection.ts",
    kind: "resource",
    schema: terraformCloudConnectionSchema,
    schemaImport: { module: "../../resources/schemas/infisical-connection", name: "terraformCloudConnectionSchema", expression: "terraformCloudConnectionSchema" },
    importIdDescription: "the connection UUID, its name (organization-level), or `<project_id>/<name>`",
  },
  {
    className: "InfisicalHerokuConnection",
    file: "infisical-heroku-connection.ts",
    kind: "resource",
    schema: herokuConnectionSchema,
    schemaImport: { module: "../../resources/schemas/infisical-connection", name: "herokuConnectionSchema", expression: "herokuConnectionSchema" },
    importIdDescription: "the connection UUID, its name (organization-level), or `<project_id>/<name>`",
  },
];

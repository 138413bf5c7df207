import type { BlockSchema } from "../schema/types";
import { providerSchema } from "../provider/schema";
import { infisicalHerokuConnectionResource, infisicalTerraformCloudConnectionResource } from "../resources/infisical-connection";
import { auditTrailTokenResource, organizationTokenResource } from "../resources/organization-token";
import { teamTokenResource } from "../resources/team-token";

/** How one construct is generated from one schema definition (see scripts/generate-constructs.ts). */
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
    schema: teamTokenResource.schema,
    schemaImport: { module: "../../resources/team-token", name: "teamTokenResource", expression: "teamTokenResource.schema" },
    importIdDescription: "the token id (`at-…`), or the team id (`team-…`) for the team's legacy token",
    prepareConfig: "teamTokenDefaults",
  },
  {
    className: "OrganizationToken",
    file: "organization-token.ts",
    kind: "resource",
    schema: organizationTokenResource.schema,
    schemaImport: { module: "../../resources/organization-token", name: "organizationTokenResource", expression: "organizationTokenResource.schema" },
    importIdDescription: "the organization name",
  },
  {
    className: "AuditTrailToken",
    file: "audit-trail-token.ts",
    kind: "resource",
    schema: auditTrailTokenResource.schema,
    schemaImport: { module: "../../resources/organization-token", name: "auditTrailTokenResource", expression: "auditTrailTokenResource.schema" },
    importIdDescription: "the organization name",
  },
  {
    className: "InfisicalTerraformCloudConnection",
    file: "infisical-terraform-cloud-connection.ts",
    kind: "resource",
    schema: infisicalTerraformCloudConnectionResource.schema,
    schemaImport: {
      module: "../../resources/infisical-connection",
      name: "infisicalTerraformCloudConnectionResource",
      expression: "infisicalTerraformCloudConnectionResource.schema",
    },
    importIdDescription: "the connection UUID, its name (organization-level), or `<project_id>/<name>`",
  },
  {
    className: "InfisicalHerokuConnection",
    file: "infisical-heroku-connection.ts",
    kind: "resource",
    schema: infisicalHerokuConnectionResource.schema,
    schemaImport: {
      module: "../../resources/infisical-connection",
      name: "infisicalHerokuConnectionResource",
      expression: "infisicalHerokuConnectionResource.schema",
    },
    importIdDescription: "the connection UUID, its name (organization-level), or `<project_id>/<name>`",
  },
];

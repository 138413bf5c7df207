import { PROVIDER_VERSION } from "../provider/address";

/** The core library a new app is made for. */
export type AppLibrary = "cdktf" | "cdktn";

/**
 * Exact versions that install and test together. The CLIs' own `init` templates ask for ranges
 * that no longer do: cdktf 0.21's resolves TypeScript 7, which its ts-jest refuses.
 */
const VERSIONS = {
  cdktf: { core: { cdktf: "0.21.0" }, cli: { "cdktf-cli": "0.21.0" }, typescript: "5.8.3", typesNode: "20.19.43", node: ">=20.18" },
  cdktn: { core: { cdktn: "0.24.0" }, cli: { "cdktn-cli": "0.24.0" }, typescript: "5.9.3", typesNode: "22.20.7", node: ">=22.19" },
} as const;

/** Admitted by both cdktf 0.21 (`^10.4.2`) and cdktn 0.24 (`>=10.6.0 <10.8.0`). */
const CONSTRUCTS_VERSION = "10.7.2";

/** The stack of the README's "Using it in your cdktf app", for `library`. */
export function stackSource(library: AppLibrary): string {
  return `import { TerraformOutput, TerraformStack, TerraformVariable } from "${library}";
import { Construct } from "constructs";
import { InfisicalTerraformCloudConnection, TeamToken, TokenHooksProvider } from "cdktf-token-hooks";

export class CiCredentials extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Credentials come from the environment: TFE_TOKEN, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID, ...
    new TokenHooksProvider(this, "tokenhooks");

    const teamId = new TerraformVariable(this, "team_id", {
      type: "string",
      description: "The HCP Terraform team (team-...) whose CI token this is",
    });

    // The first deploy after the token turns 30 days old replaces it: the new token is
    // created, and the connection below switched to it, before the old one is revoked.
    const ciToken = new TeamToken(this, "ci-token", {
      teamId: teamId.stringValue,
      description: "ci deploys",
      rotateAfter: "720h",
    });

    new InfisicalTerraformCloudConnection(this, "tfc-connection", {
      name: "tfc-ci-deploys",
      description: "HCP Terraform team token for CI",
      apiToken: ciToken.token,
    });

    new TerraformOutput(this, "ci_token_id", { value: ciToken.id });
    new TerraformOutput(this, "ci_token_expires", { value: ciToken.expiredAt });
  }
}
`;
}

/** The app's entry point, the `app` of cdktf.json. */
export function mainSource(library: AppLibrary): string {
  return `import { App } from "${library}";
import { CiCredentials } from "./ci-credentials";

const app = new App();
new CiCredentials(app, "ci-credentials");
app.synth();
`;
}

/** A jest test that plans the stack offline through the plugin, with the library's matchers. */
function testSource(library: AppLibrary): string {
  return `import "${library}/lib/testing/adapters/jest";
import { Testing } from "${library}";
import { TeamToken, TokenHooksProvider } from "cdktf-token-hooks";
import { CiCredentials } from "../ci-credentials";

describe("CiCredentials", () => {
  test("declares the provider and a team token that rotates every 30 days", () => {
    const synthesized = Testing.synth(new CiCredentials(Testing.app(), "test"));
    expect(synthesized).toHaveProvider(TokenHooksProvider);
    expect(synthesized).toHaveResourceWithProperties(TeamToken, { description: "ci deploys", rotate_after: "720h" });
  });

  test("plans offline through the provider plugin", () => {
    // A plan of new resources calls no API, but the provider wants its settings and the
    // stack its variable: placeholders, unless the environment has real ones.
    process.env.TF_VAR_team_id ??= "team-0123456789abcdef";
    process.env.TFE_TOKEN ??= "placeholder";
    process.env.INFISICAL_TOKEN ??= "placeholder";
    expect(Testing.fullSynth(new CiCredentials(Testing.app(), "test"))).toPlanSuccessfully();
  });
});
`;
}

/** Every file of a new app, by path relative to its directory. */
export function appFiles(name: string, library: AppLibrary): Map<string, string> {
  const versions = VERSIONS[library];
  const cli = library;
  const packageJson = {
    name,
    version: "1.0.0",
    private: true,
    main: "main.js",
    scripts: {
      synth: `${cli} synth`,
      deploy: `${cli} deploy`,
      diff: `${cli} diff`,
      destroy: `${cli} destroy`,
      test: "jest",
    },
    engines: { node: versions.node },
    dependencies: { ...versions.core, "cdktf-token-hooks": PROVIDER_VERSION, constructs: CONSTRUCTS_VERSION },
    devDependencies: {
      ...versions.cli,
      "@types/jest": "30.0.0",
      "@types/node": versions.typesNode,
      jest: "30.5.2",
      "ts-jest": "29.4.15",
      "ts-node": "10.9.2",
      typescript: versions.typescript,
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "CommonJS",
      lib: ["ES2022"],
      strict: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      // The typings of cdktf-token-hooks check against the app's library as they are.
      skipLibCheck: false,
      types: ["node", "jest"],
    },
    include: ["**/*.ts"],
    exclude: ["node_modules", "cdktf.out"],
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    ["package.json", json(packageJson)],
    ["cdktf.json", json({ language: "typescript", app: "npx ts-node main.ts", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} })],
    ["tsconfig.json", json(tsconfig)],
    ["jest.config.js", `module.exports = {\n  preset: "ts-jest",\n  testEnvironment: "node",\n  testMatch: ["**/__tests__/**/*.test.ts"],\n  setupFilesAfterEnv: ["<rootDir>/setup.js"],\n  testTimeout: 120000,\n};\n`],
    ["setup.js", `require("${library}").Testing.setupJest();\n`],
    [".gitignore", "node_modules/\ncdktf.out/\n*.js\n!jest.config.js\n!setup.js\n*.d.ts\nterraform.*.tfstate*\n"],
    ["main.ts", mainSource(library)],
    ["ci-credentials.ts", stackSource(library)],
    [`__tests__/ci-credentials.test.ts`, testSource(library)],
  ]);
}

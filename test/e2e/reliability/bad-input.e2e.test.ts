import { startEmulator, type Emulator } from "../../../src/emulator";
import { engines } from "../../support/engines";
import { describeEachServerMode } from "../../support/server-modes";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir, type Resources } from "../../support/tokenhooks-workdir";

/**
 * Issue #7, bad input: invalid configurations of every resource and of the provider block, each
 * rejected before anything is sent — at validate, at plan, or (for values unknown until apply) at
 * the engine's final plan — by an error that names the attribute and says what is wrong. The
 * emulator's request log proves that no run made a single API call.
 *
 * Cases are batched: one engine run checks many independent blocks, and each case's diagnostics
 * are picked out by the block's address.
 */

const STEP_TIMEOUT = 120_000;
const TEAM = "tokenhooks_team_token";
const ORG = "tokenhooks_organization_token";
const AUDIT = "tokenhooks_audit_trail_token";
const TFC_CONNECTION = "tokenhooks_infisical_terraform_cloud_connection";
const HEROKU_CONNECTION = "tokenhooks_infisical_heroku_connection";

const TEAM_ID = "team-AbCdEfGh12345678";
/** A fake credential: never valid anywhere, and never echoed by a validation message. */
const CREDENTIAL = "bad-input-fake-credential-0123456789";
/** The same, in the form of a Heroku Platform API token. */
const HEROKU_CREDENTIAL = `HRKU-${CREDENTIAL}`;

/** One invalid configuration and what its rejection must say. */
interface BadInput {
  /** What is wrong, as the test title. */
  readonly what: string;
  /** Resource type, or `provider` for the provider block. */
  readonly type: string;
  readonly block: Record<string, unknown>;
  /** The attribute the error must name. */
  readonly attribute: string;
  /** What the error must say about it. */
  readonly says: RegExp;
}

const valid: Record<string, Record<string, unknown>> = {
  [TEAM]: { team_id: TEAM_ID, description: "valid" },
  [ORG]: { organization: "acme" },
  [AUDIT]: { organization: "acme" },
  [TFC_CONNECTION]: { name: "valid", api_token: CREDENTIAL },
  [HEROKU_CONNECTION]: { name: "valid", auth_token: HEROKU_CREDENTIAL },
};

/** A case: the type's valid block with `changes` (an `undefined` change removes the attribute). */
function bad(what: string, type: string, changes: Record<string, unknown>, attribute: string, says: RegExp): BadInput {
  const block = Object.fromEntries(Object.entries({ ...valid[type], ...changes }).filter(([, value]) => value !== undefined));
  return { what, type, block, attribute, says };
}

const TYPE_ERROR = /(string|number|bool|boolean) required|Inappropriate value|Incorrect attribute value type|cannot convert/i;

/** Rejected by `validate`: the engine's own checks and the provider's ValidateResourceConfig. */
const RESOURCE_CASES: readonly BadInput[] = [
  bad("team_id of the wrong type", TEAM, { team_id: ["team-AbCdEfGh12345678"] }, "team_id", TYPE_ERROR),
  bad("team_id missing", TEAM, { team_id: undefined }, "team_id", /required/i),
  bad("team_id not a team id", TEAM, { team_id: "developers" }, "team_id", /must be an HCP Terraform team id/),
  bad("team_id empty", TEAM, { team_id: "" }, "team_id", /must be an HCP Terraform team id/),
  bad("description empty", TEAM, { description: "" }, "description", /must not be empty/),
  bad("description oversized", TEAM, { description: "d".repeat(300) }, "description", /at most \d+ characters/),
  bad("description carrying the reserved marker", TEAM, { description: "ci (tokenhooks:abcdefgh)" }, "description", /must not contain "\(tokenhooks:"/),
  bad("expired_at malformed", TEAM, { expired_at: "next tuesday" }, "expired_at", /RFC 3339/),
  bad("expired_at not a calendar date", TEAM, { expired_at: "2099-02-30T00:00:00Z" }, "expired_at", /RFC 3339/),
  bad("rotate_after not a duration", TEAM, { rotate_after: "a week" }, "rotate_after", /must be a duration/),
  bad("rotate_after zero", TEAM, { rotate_after: "0s" }, "rotate_after", /longer than zero/),
  bad("renew_before negative", TEAM, { renew_before: "-5h" }, "renew_before", /must be a duration/),
  bad("force_regenerate conflicting with description", TEAM, { force_regenerate: true }, "force_regenerate", /Conflicting arguments "force_regenerate" and "description"/),
  bad("force_regenerate not a bool", TEAM, { force_regenerate: "maybe" }, "force_regenerate", TYPE_ERROR),
  bad("a misspelt attribute", TEAM, { descripton: "typo" }, "descripton", /Extraneous|unexpected|not expected|Unsupported argument/i),
  bad("a computed attribute set", TEAM, { token: "chosen-by-hand" }, "token", /Argument "token" cannot be set[\s\S]*read-only/),
  bad("organization missing", ORG, { organization: undefined }, "organization", /required/i),
  bad("organization not a name", ORG, { organization: "acme corp!" }, "organization", /must be an organization name/),
  bad("organization oversized", ORG, { organization: "o".repeat(41) }, "organization", /must be an organization name/),
  bad("expired_at without a time", ORG, { expired_at: "2099-01-01" }, "expired_at", /RFC 3339/),
  bad("rotate_after without a unit", ORG, { rotate_after: "720" }, "rotate_after", /must be a duration/),
  bad("renew_before a bare number", ORG, { renew_before: 5 }, "renew_before", /must be a duration/),
  bad("organization empty", AUDIT, { organization: "" }, "organization", /must be an organization name/),
  bad("renew_before in years", AUDIT, { renew_before: "1y" }, "renew_before", /must be a duration/),
  bad("name not a slug", TFC_CONNECTION, { name: "Bad Name" }, "name", /must be a slug/),
  bad("name empty", TFC_CONNECTION, { name: "" }, "name", /must not be empty/),
  bad("name oversized", TFC_CONNECTION, { name: "n".repeat(65) }, "name", /at most 64 characters/),
  bad("name with a leading hyphen", TFC_CONNECTION, { name: "-ci" }, "name", /must be a slug/),
  bad("description oversized, connection", TFC_CONNECTION, { description: "d".repeat(257) }, "description", /at most 256 characters/),
  bad("description with trailing whitespace", TFC_CONNECTION, { description: "ci " }, "description", /whitespace/),
  bad("project_id not a UUID", TFC_CONNECTION, { project_id: "my-project" }, "project_id", /must be a UUID/),
  bad("api_token and api_token_wo both set", TFC_CONNECTION, { api_token_wo: CREDENTIAL }, "api_token", /Conflicting arguments "api_token" and "api_token_wo"/),
  bad("no credential at all", TFC_CONNECTION, { api_token: undefined }, "api_token", /Missing "api_token" or "api_token_wo"/),
  bad("api_token blank", TFC_CONNECTION, { api_token: "   " }, "api_token", /must not be empty or only whitespace/),
  bad("api_token_wo_version without api_token_wo", TFC_CONNECTION, { api_token_wo_version: 1 }, "api_token_wo_version", /has no effect without "api_token_wo"/),
  bad("api_token_wo_version not a number", TFC_CONNECTION, { api_token: undefined, api_token_wo: CREDENTIAL, api_token_wo_version: "first" }, "api_token_wo_version", TYPE_ERROR),
  bad("name with capitals, Heroku", HEROKU_CONNECTION, { name: "Heroku" }, "name", /must be a slug/),
  bad("auth_token empty", HEROKU_CONNECTION, { auth_token: "" }, "auth_token", /must not be empty/),
  bad("auth_token oversized", HEROKU_CONNECTION, { auth_token: "t".repeat(8193) }, "auth_token", /at most 8192 characters/),
  bad("project_id a number", HEROKU_CONNECTION, { project_id: 123 }, "project_id", /must be a UUID/),
  bad("auth_token_wo blank", HEROKU_CONNECTION, { auth_token: undefined, auth_token_wo: " \t" }, "auth_token_wo", /must not be empty or only whitespace/),
  bad("auth_token without the HRKU- prefix", HEROKU_CONNECTION, { auth_token: CREDENTIAL }, "auth_token", /starts with "HRKU-"/),
  bad("auth_token_wo without the HRKU- prefix", HEROKU_CONNECTION, { auth_token: undefined, auth_token_wo: CREDENTIAL }, "auth_token_wo", /starts with "HRKU-"/),
];

/**
 * Rejected by `plan`: an expiry in the past is wrong for a token about to be created, but not for
 * one already in state, which must stay destroyable after it expires.
 */
const PLAN_CASES: readonly BadInput[] = [
  bad("expired_at in the past", TEAM, { expired_at: "2001-01-01T00:00:00Z" }, "expired_at", /must be in the future/),
  bad("expired_at in the past, audit trail", AUDIT, { expired_at: "2020-06-01T12:00:00+02:00" }, "expired_at", /must be in the future/),
  bad("expired_at in the past, organization", ORG, { expired_at: "1999-12-31T23:59:59Z" }, "expired_at", /must be in the future/),
];

/** Provider blocks, each under its own alias (the engine validates only providers in use). */
const PROVIDER_CASES: readonly BadInput[] = [
  { what: "tfe_address plain http to a remote host", type: "provider", block: { tfe_address: "http://tfe.example.com" }, attribute: "tfe_address", says: /must use https/ },
  { what: "tfe_address not a URL", type: "provider", block: { tfe_address: "tfe.example.com" }, attribute: "tfe_address", says: /must be an absolute URL/ },
  { what: "tfe_address of another scheme", type: "provider", block: { tfe_address: "ftp://tfe.example.com" }, attribute: "tfe_address", says: /must be an http\(s\) URL/ },
  { what: "tfe_hostname with a scheme", type: "provider", block: { tfe_hostname: "https://app.terraform.io" }, attribute: "tfe_hostname", says: /must be a host name/ },
  { what: "tfe_hostname and tfe_address both set", type: "provider", block: { tfe_hostname: "app.terraform.io", tfe_address: "https://app.terraform.io" }, attribute: "tfe_address", says: /Conflicting arguments "tfe_address" and "tfe_hostname"/ },
  { what: "infisical_host plain http to a remote host", type: "provider", block: { infisical_host: "http://infisical.example.com" }, attribute: "infisical_host", says: /must use https/ },
  { what: "infisical_client_id and infisical_token both set", type: "provider", block: { infisical_client_id: "id", infisical_token: CREDENTIAL }, attribute: "infisical_client_id", says: /Conflicting arguments "infisical_client_id" and "infisical_token"/ },
  { what: "tfe_token empty", type: "provider", block: { tfe_token: "" }, attribute: "tfe_token", says: /must not be empty/ },
  { what: "tfe_token a list", type: "provider", block: { tfe_token: [CREDENTIAL] }, attribute: "tfe_token", says: TYPE_ERROR },
];

/** An engine diagnostic, from `validate -json` or a `-json` plan/apply stream. */
interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
  readonly snippet?: { readonly context?: string; readonly code?: string };
}

function diagnosticsOf(stdout: string): Diagnostic[] {
  const trimmed = stdout.trim();
  if (trimmed.startsWith("{\n")) return (JSON.parse(trimmed) as { diagnostics: Diagnostic[] }).diagnostics;
  return trimmed
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string; diagnostic?: Diagnostic })
    .flatMap((message) => (message.type === "diagnostic" && message.diagnostic ? [message.diagnostic] : []));
}

/** What the diagnostics say, without the configuration snippets the engine quotes. */
function messagesOf(all: readonly Diagnostic[]): string {
  return all.map((diagnostic) => `${diagnostic.summary}\n${diagnostic.detail}`).join("\n");
}

/** Diagnostics of a block: by address, or (for the engine's own type checks) by the snippet's context. */
function diagnosticsFor(all: readonly Diagnostic[], address: string, context: string): Diagnostic[] {
  return all.filter((diagnostic) => diagnostic.severity === "error" && (diagnostic.address === address || diagnostic.snippet?.context === context));
}

/**
 * Checks that one of `found` names the case's attribute and says what is wrong; where the
 * attribute is written in the block, the diagnostic must also point at its line.
 */
function expectRejected(found: readonly Diagnostic[], testCase: BadInput): void {
  const matching = found.filter((diagnostic) => testCase.says.test(`${diagnostic.summary}\n${diagnostic.detail}`));
  expect({ what: testCase.what, messages: matching.map((d) => d.summary) }).toEqual({ what: testCase.what, messages: [expect.any(String)] });
  const [diagnostic] = matching;
  expect(`${diagnostic.summary}\n${diagnostic.detail}`).toContain(testCase.attribute);
  if (testCase.attribute in testCase.block && diagnostic.snippet?.code !== undefined) expect(diagnostic.snippet.code).toContain(`"${testCase.attribute}"`);
}

/** Each case as a block named `<prefix>_<index>` (added to `resources`), and the cases' addresses. */
function blocksOf(cases: readonly BadInput[], prefix: string, resources: Resources = {}): { resources: Resources; addresses: string[] } {
  const addresses = cases.map((testCase, index) => {
    const name = `${prefix}_${index}`;
    (resources[testCase.type] ??= {})[name] = testCase.block;
    return `${testCase.type}.${name}`;
  });
  return { resources, addresses };
}

function expectEachRejected(all: readonly Diagnostic[], cases: readonly BadInput[], addresses: readonly string[]): void {
  cases.forEach((testCase, index) => expectRejected(diagnosticsFor(all, addresses[index], `resource.${addresses[index]}`), testCase));
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeEachServerMode("bad input is rejected before any API call", engines(), (engine, mode) => {
  let work: TokenhooksWorkdir | undefined;
  const env = () => ({ ...emulatorEnv(emulator), ...mode.env });
  afterEach(() => {
    work?.dispose();
    work = undefined;
  });

  /** A fresh, initialised directory with `config`; the request log must stay empty from here. */
  async function prepared(prefix: string, config: unknown): Promise<TokenhooksWorkdir> {
    emulator.reset();
    work = TokenhooksWorkdir.create(prefix, engine, env, config);
    await work.init();
    return work;
  }

  test(`${RESOURCE_CASES.length} invalid resource blocks, in one validate`, async () => {
    const { resources, addresses } = blocksOf(RESOURCE_CASES, "case");
    const dir = await prepared("bad-resources", tokenhooksConfig(resources));
    const { stdout } = await dir.run(["validate", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT });
    const all = diagnosticsOf(stdout);
    expectEachRejected(all, RESOURCE_CASES, addresses);
    expect(messagesOf(all)).not.toContain(CREDENTIAL);
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test(`${PLAN_CASES.length} invalid resource blocks, in one plan`, async () => {
    const { resources, addresses } = blocksOf(PLAN_CASES, "plan_case");
    const dir = await prepared("bad-plan", tokenhooksConfig(resources));
    await dir.run(["validate", "-json"], { expectExit: [0], timeoutMs: STEP_TIMEOUT });
    const { stdout } = await dir.run(["plan", "-input=false", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT });
    expectEachRejected(diagnosticsOf(stdout), PLAN_CASES, addresses);
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test(`${PROVIDER_CASES.length} invalid provider blocks, in one validate`, async () => {
    const providers = PROVIDER_CASES.map((testCase, index) => ({ alias: `case_${index}`, ...testCase.block }));
    const users = Object.fromEntries(PROVIDER_CASES.map((_, index) => [`case_${index}`, { ...valid[HEROKU_CONNECTION], provider: `tokenhooks.case_${index}` }]));
    const dir = await prepared("bad-providers", tokenhooksConfig({ [HEROKU_CONNECTION]: users }, providers));
    const { stdout } = await dir.run(["validate", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT });
    const all = diagnosticsOf(stdout);
    PROVIDER_CASES.forEach((testCase, index) => {
      const found = all.filter(
        (diagnostic) => diagnostic.severity === "error" && (diagnostic.address?.endsWith(`].case_${index}`) || diagnostic.snippet?.context === `provider.tokenhooks[${index}]`),
      );
      expectRejected(found, testCase);
    });
    expect(messagesOf(all)).not.toContain(CREDENTIAL);
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test("settings from the environment: plain http to remote hosts, rejected at plan", async () => {
    const dir = await prepared("bad-env-hosts", tokenhooksConfig({ [TEAM]: { main: valid[TEAM] } }));
    const insecure = { TFE_ADDRESS: "http://tfe.example.com", INFISICAL_HOST: "http://infisical.example.com" };
    const { stdout } = await dir.run(["plan", "-input=false", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT, env: insecure });
    const errors = diagnosticsOf(stdout).filter((diagnostic) => diagnostic.severity === "error");
    expectRejected(errors, { what: "TFE_ADDRESS plain http", type: "provider", block: {}, attribute: "tfe_address", says: /"tfe_address" must use https/ });
    expectRejected(errors, { what: "INFISICAL_HOST plain http", type: "provider", block: {}, attribute: "infisical_host", says: /"infisical_host" must use https/ });
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test("missing or incomplete credentials, rejected at plan for every resource that needs them", async () => {
    const resources: Resources = Object.fromEntries(Object.entries(valid).map(([type, block]) => [type, { main: block }]));
    const dir = await prepared("bad-credentials", tokenhooksConfig(resources));
    // A client id without its secret; no HCP Terraform token at all.
    const env = { TFE_TOKEN: "", INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "" };
    const { stdout } = await dir.run(["plan", "-input=false", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT, env });
    const all = diagnosticsOf(stdout);
    for (const type of [TEAM, ORG, AUDIT]) {
      expectRejected(diagnosticsFor(all, `${type}.main`, `resource.${type}.main`), { what: `${type} without tfe_token`, type, block: {}, attribute: "tfe_token", says: /No HCP Terraform token is configured[\s\S]*TFE_TOKEN/ });
    }
    for (const type of [TFC_CONNECTION, HEROKU_CONNECTION]) {
      expectRejected(diagnosticsFor(all, `${type}.main`, `resource.${type}.main`), { what: `${type} without a client secret`, type, block: {}, attribute: "infisical_client_secret", says: /needs a client secret/ });
    }
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test("no Infisical credential at all, rejected at plan", async () => {
    const dir = await prepared("bad-no-infisical", tokenhooksConfig({ [HEROKU_CONNECTION]: { main: valid[HEROKU_CONNECTION] } }));
    const env = { INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "", INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "" };
    const { stdout } = await dir.run(["plan", "-input=false", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT, env });
    const found = diagnosticsFor(diagnosticsOf(stdout), `${HEROKU_CONNECTION}.main`, `resource.${HEROKU_CONNECTION}.main`);
    expectRejected(found, { what: "no Infisical credential", type: HEROKU_CONNECTION, block: {}, attribute: "infisical_client_id", says: /No Infisical credential is configured/ });
    expect(emulator.requestLog()).toEqual([]);
  }, STEP_TIMEOUT);

  test("values unknown at plan are checked once known, before anything is created", async () => {
    // terraform_data outputs are unknown until apply and cost no API call.
    const unknownCases: readonly BadInput[] = [
      { what: "a non-slug name known only at apply", type: HEROKU_CONNECTION, block: { ...valid[HEROKU_CONNECTION], name: "${terraform_data.late.output.name}" }, attribute: "name", says: /must be a slug/ },
      { what: "a past expiry known only at apply", type: TEAM, block: { ...valid[TEAM], expired_at: "${terraform_data.late.output.past}" }, attribute: "expired_at", says: /must be in the future/ },
      { what: "a malformed team id known only at apply", type: TEAM, block: { team_id: "${terraform_data.late.output.team}" }, attribute: "team_id", says: /must be an HCP Terraform team id/ },
      { what: "a conflict known only at apply", type: TFC_CONNECTION, block: { name: "late", api_token: CREDENTIAL, api_token_wo: "${terraform_data.late.output.credential}" }, attribute: "api_token", says: /Conflicting arguments/ },
    ];
    const lateValues: Resources = { terraform_data: { late: { input: { name: "Late Name", past: "2001-01-01T00:00:00Z", team: "developers", credential: CREDENTIAL } } } };
    const { resources, addresses } = blocksOf(unknownCases, "late", lateValues);
    const dir = await prepared("bad-unknown", tokenhooksConfig(resources));
    const planned = await dir.plan({ timeoutMs: STEP_TIMEOUT });
    expect(planned.exitCode).toBe(2);
    const { stdout } = await dir.run(["apply", "-input=false", "-auto-approve", "-json"], { expectExit: [1], timeoutMs: STEP_TIMEOUT });
    expectEachRejected(diagnosticsOf(stdout), unknownCases, addresses);
    expect(emulator.requestLog()).toEqual([]);
  }, 2 * STEP_TIMEOUT);
});

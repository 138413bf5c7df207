import { inspect } from "node:util";
import type { MockAgent } from "undici";
import { InfisicalClient } from "../../../src/clients/infisical";
import { TfcClient } from "../../../src/clients/tfc";
import { fakeSleep, mockAgent, socketError } from "../http/support/mock-api";
import { ORG, TEAM_ID, teamDocument, TFC_ORIGIN, tokenDocument, tokenPage, tokenResource } from "./tfc-fixtures";

/** Fake secrets planted in requests and responses; none may show up in any error. */
const TFC_TOKEN = "PLANTED-TFC-TOKEN.atlasv1.aaaaaaaa";
const CREATED_SECRET = "PLANTED-CREATED-SECRET.atlasv1.bbbb";
const INFISICAL_TOKEN = "PLANTED-INFISICAL-ACCESS-TOKEN";
const CLIENT_SECRET = "PLANTED-CLIENT-SECRET";
const CREDENTIAL = "PLANTED-CREDENTIAL-API-TOKEN";
const LOGIN_TOKEN = "PLANTED-LOGIN-JWT";
const PLANTED = [TFC_TOKEN, CREATED_SECRET, INFISICAL_TOKEN, CLIENT_SECRET, CREDENTIAL, LOGIN_TOKEN];

const INFISICAL_ORIGIN = "https://infisical.example.test";
/** An Infisical error that echoes what the client sent it: credentials and its own token or secret. */
const echo = (status: number, ...sent: string[]) => ({
  statusCode: status,
  error: "BadRequest",
  message: `rejected ${sent.join(" and ")}`,
  reqId: "req-1",
});

let agent: MockAgent;

beforeEach(() => {
  agent = mockAgent();
});

afterEach(async () => {
  await agent.close();
});

const transport = () => ({ dispatcher: agent, sleep: fakeSleep().sleep, random: () => 0, timeoutMs: 40 });

function tfcClient(): Promise<TfcClient> {
  return TfcClient.create({ token: TFC_TOKEN, address: TFC_ORIGIN, ...transport() });
}

function infisicalClient(universal = false): InfisicalClient {
  return new InfisicalClient({
    host: INFISICAL_ORIGIN,
    auth: universal
      ? { universalAuth: { clientId: "id", clientSecret: CLIENT_SECRET } }
      : { accessToken: INFISICAL_TOKEN },
    ...transport(),
  });
}

const tfc = () => agent.get(TFC_ORIGIN);
const infisical = () => agent.get(INFISICAL_ORIGIN);
const createPath = `/api/v2/teams/${TEAM_ID}/authentication-tokens`;
const credentials = { apiToken: CREDENTIAL };
const connectionInput = { name: "c", method: "api-token", credentials };

const scenarios: Array<[string, () => Promise<unknown>]> = [
  [
    // The created secret is unknown to the client here; it is caught by its token shape.
    "TFC error detail echoing the bearer token and another token",
    async () => {
      tfc()
        .intercept({ path: createPath, method: "POST" })
        .reply(422, {
          errors: [{ status: 422, title: `bad ${TFC_TOKEN}`, detail: `token ${CREATED_SECRET} / Bearer ${TFC_TOKEN}` }],
        });
      return (await tfcClient()).createTeamToken(TEAM_ID, { description: "d" });
    },
  ],
  [
    "TFC create response with the secret but a broken shape, then an ambiguous lookup",
    async () => {
      const broken = tokenResource({ token: CREATED_SECRET });
      delete (broken.attributes as Record<string, unknown>)["created-at"];
      tfc().intercept({ path: createPath, method: "POST" }).reply(201, { data: broken }).times(2);
      tfc()
        .intercept({ path: `/api/v2/teams/${TEAM_ID}`, method: "GET" })
        .reply(200, teamDocument(TEAM_ID, ORG))
        .times(2);
      tfc()
        .intercept({
          path: `/api/v2/organizations/${ORG}/team-tokens?page%5Bnumber%5D=1&page%5Bsize%5D=100`,
          method: "GET",
        })
        .reply(200, tokenPage([], { current: 1, next: null, totalPages: 1 }))
        .times(2);
      return (await tfcClient()).createTeamToken(TEAM_ID, { description: "d" });
    },
  ],
  [
    "TFC create response that is not JSON but contains the secret",
    async () => {
      tfc()
        .intercept({ path: `/api/v2/organizations/${ORG}/authentication-token`, method: "POST" })
        .reply(201, `{"token":"${CREATED_SECRET}"`)
        .times(2);
      tfc()
        .intercept({ path: `/api/v2/organizations/${ORG}/authentication-token`, method: "GET" })
        .reply(404, {})
        .times(2);
      return (await tfcClient()).createOrganizationToken(ORG);
    },
  ],
  [
    "TFC 500 with an HTML body echoing the token",
    async () => {
      tfc()
        .intercept({ path: "/api/v2/account/details", method: "GET" })
        .reply(500, `<pre>Authorization: Bearer ${TFC_TOKEN}</pre>`)
        .times(5);
      return (await tfcClient()).accountDetails();
    },
  ],
  [
    "TFC connection reset on a create",
    async () => {
      tfc()
        .intercept({ path: `/api/v2/teams/${TEAM_ID}/authentication-token`, method: "POST" })
        .replyWithError(socketError("ECONNRESET"));
      tfc()
        .intercept({ path: `/api/v2/teams/${TEAM_ID}/authentication-token`, method: "GET" })
        .replyWithError(socketError("ECONNRESET"))
        .times(5);
      return (await tfcClient()).createLegacyTeamToken(TEAM_ID);
    },
  ],
  [
    "TFC lookup finds the token (the returned object must mask it too)",
    async () => {
      tfc()
        .intercept({ path: `/api/v2/teams/${TEAM_ID}/authentication-token`, method: "POST" })
        .reply(503, "");
      tfc()
        .intercept({ path: `/api/v2/teams/${TEAM_ID}/authentication-token`, method: "GET" })
        .reply(200, tokenDocument({ token: CREATED_SECRET, createdAt: "2999-01-01T00:00:00Z" }));
      const token = await (await tfcClient()).createLegacyTeamToken(TEAM_ID);
      throw Object.assign(new Error("returned"), { token });
    },
  ],
  [
    "Infisical 400 echoing credentials and tokens",
    async () => {
      infisical()
        .intercept({ path: "/api/v1/app-connections/terraform-cloud", method: "POST" })
        .reply(400, echo(400, CREDENTIAL, `Bearer ${INFISICAL_TOKEN}`));
      return infisicalClient().createAppConnection("terraform-cloud", connectionInput);
    },
  ],
  [
    "Infisical zod issues echoing the credential",
    async () => {
      infisical()
        .intercept({ path: "/api/v1/app-connections/terraform-cloud/abc", method: "PATCH" })
        .reply(422, {
          statusCode: 422,
          error: "ValidationFailure",
          message: [{ path: ["credentials", "apiToken"], message: `received ${CREDENTIAL}` }],
        });
      return infisicalClient().updateAppConnection("terraform-cloud", "abc", { credentials });
    },
  ],
  [
    "Infisical create timing out twice with an unsuccessful lookup",
    async () => {
      infisical()
        .intercept({ path: "/api/v1/app-connections/terraform-cloud", method: "POST" })
        .reply(200, {})
        .delay(150)
        .times(2);
      infisical()
        .intercept({ path: "/api/v1/app-connections/terraform-cloud/connection-name/c", method: "GET" })
        .reply(404, echo(404, INFISICAL_TOKEN))
        .times(2);
      return infisicalClient().createAppConnection("terraform-cloud", connectionInput);
    },
  ],
  [
    "Universal Auth login rejected with an echo of the client secret",
    async () => {
      infisical()
        .intercept({ path: "/api/v1/auth/universal-auth/login", method: "POST" })
        .reply(401, echo(401, CLIENT_SECRET));
      return infisicalClient(true).listAppConnections("heroku");
    },
  ],
  [
    "Universal Auth request rejected with an echo of the session token",
    async () => {
      infisical()
        .intercept({ path: "/api/v1/auth/universal-auth/login", method: "POST" })
        .reply(200, { accessToken: LOGIN_TOKEN, expiresIn: 600, accessTokenMaxTTL: 0, tokenType: "Bearer" });
      infisical()
        .intercept({ path: "/api/v1/app-connections/heroku", method: "GET" })
        .reply(400, echo(400, `Bearer ${LOGIN_TOKEN}`, CLIENT_SECRET));
      return infisicalClient(true).listAppConnections("heroku");
    },
  ],
];

describe("no secret appears in any error", () => {
  it.each(scenarios)("%s", async (_label, scenario) => {
    const error = await scenario().then(
      () => {
        throw new Error("the scenario was expected to fail");
      },
      (caught: unknown) => caught
    );
    expect(error).toBeInstanceOf(Error);
    const renderings = [
      (error as Error).message,
      (error as Error).stack ?? "",
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: Infinity, showHidden: true }),
    ];
    for (const text of renderings) {
      for (const secret of PLANTED) expect(text).not.toContain(secret);
    }
  });
});

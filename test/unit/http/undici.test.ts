import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { Agent, buildConnector, getGlobalDispatcher, request, setGlobalDispatcher } from "../../../src/http/undici";
import { mockAgent } from "./support/mock-api";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("request sends through the dispatcher it is given and hands back status, headers and body", async () => {
  const agent = mockAgent();
  agent.get("https://api.example.test").intercept({ path: "/v1/ping?x=1", method: "POST", body: "{}" }).reply(201, { ok: true }, { headers: { "x-answer": "yes" } });

  const response = await request(agent, { origin: "https://api.example.test", path: "/v1/ping?x=1", method: "POST", body: "{}" });

  expect(response.statusCode).toBe(201);
  expect(response.headers["x-answer"]).toBe("yes");
  expect(await response.body.json()).toEqual({ ok: true });
  await agent.close();
});

test("the global dispatcher is undici's own, shared with every copy of undici in the process", () => {
  const original = getGlobalDispatcher();
  const replacement = new Agent({ connect: buildConnector({}) });
  try {
    setGlobalDispatcher(replacement);
    expect(getGlobalDispatcher()).toBe(replacement);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")]).toBe(replacement);
  } finally {
    setGlobalDispatcher(original);
    void replacement.close();
  }
});

test("loads none of undici's fetch, WebSocket, EventSource, caches or mocks", () => {
  const script = `require("./src/http/undici.ts"); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = (JSON.parse(execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" })) as string[])
    .map((file) => path.relative(path.join(ROOT, "node_modules", "undici"), file))
    .filter((file) => !file.startsWith(".."));
  expect(loaded).toContain(path.join("lib", "dispatcher", "agent.js"));
  expect(loaded.filter((file) => file === "index.js" || /^lib\/(web|mock|cache)\//.test(file))).toEqual([]);
});

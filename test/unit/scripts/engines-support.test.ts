import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../../support/engines";
import { writeFakeEngine } from "./fixtures/fake-executables";

type EnginesModule = typeof import("../../support/engines");

const TWO_ENGINES: Engine[] = [
  { name: "terraform", path: "/opt/bin/terraform", version: "1.11.4" },
  { name: "tofu", path: "/cache/tofu-1.12.6/tofu", version: "1.12.6" },
];

/**
 * Runs `use` on a fresh copy of test/support/engines.ts (which remembers what it found) while
 * the environment has `TOKENHOOKS_ENGINES=value` (unset for `undefined`) and optionally `PATH`.
 */
function withEnginesModule<T>(env: { TOKENHOOKS_ENGINES?: string; PATH?: string }, use: (module: EnginesModule) => T): T {
  const saved = { TOKENHOOKS_ENGINES: process.env.TOKENHOOKS_ENGINES, PATH: process.env.PATH };
  const set = (name: keyof typeof saved, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set("TOKENHOOKS_ENGINES", env.TOKENHOOKS_ENGINES);
  if ("PATH" in env) set("PATH", env.PATH);
  try {
    let loaded: EnginesModule | undefined;
    jest.isolateModules(() => {
      loaded = require("../../support/engines") as EnginesModule;
    });
    return use(loaded!);
  } finally {
    set("TOKENHOOKS_ENGINES", saved.TOKENHOOKS_ENGINES);
    set("PATH", saved.PATH);
  }
}

describe("engines()", () => {
  test("returns what global setup found", () => {
    expect(withEnginesModule({ TOKENHOOKS_ENGINES: JSON.stringify(TWO_ENGINES) }, ({ engines }) => engines())).toEqual(TWO_ENGINES);
  });

  test("refuses a malformed list instead of testing nothing", () => {
    for (const bad of ["[]", '[{"name":"pulumi","path":"/p","version":"1"}]', '{"name":"tofu"}', '[{"name":"tofu","path":"/t"}]']) {
      expect(() => withEnginesModule({ TOKENHOOKS_ENGINES: bad }, ({ engines }) => engines())).toThrow(
        "TOKENHOOKS_ENGINES is not a non-empty list of engines",
      );
    }
  });

  test("without global setup, falls back to terraform on PATH", () => {
    const bin = mkdtempSync(join(tmpdir(), "engines-support-"));
    try {
      writeFakeEngine(join(bin, "terraform"), "Terraform", "1.9.8");
      writeFakeEngine(join(bin, "tofu"), "OpenTofu", "1.12.6");

      expect(withEnginesModule({ PATH: bin }, ({ engines }) => engines())).toEqual([{ name: "terraform", path: join(bin, "terraform"), version: "1.9.8" }]);
      expect(() => withEnginesModule({ PATH: join(bin, "empty") }, ({ engines }) => engines())).toThrow(
        "no engine: run the tests through jest's global setup (npm test), or put terraform on PATH",
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("describeEachEngine", () => {
  const seen: string[] = [];

  withEnginesModule({ TOKENHOOKS_ENGINES: JSON.stringify(TWO_ENGINES) }, ({ describeEachEngine }) =>
    describeEachEngine("lifecycle", (engine) => {
      test("runs", () => {
        seen.push(`${expect.getState().currentTestName} @ ${engine.path}`);
      });
    }),
  );

  test("declares one block per engine, named after it, with the engine passed in", () => {
    expect(seen).toEqual([
      "describeEachEngine lifecycle (terraform 1.11.4) runs @ /opt/bin/terraform",
      "describeEachEngine lifecycle (tofu 1.12.6) runs @ /cache/tofu-1.12.6/tofu",
    ]);
  });
});

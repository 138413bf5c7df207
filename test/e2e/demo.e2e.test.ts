import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { EXAMPLE_STACKS } from "../../scripts/cdktf-project.mjs";
import { runCommand } from "../support/commands";
import { engines } from "../support/engines";

/**
 * The README's first line, `npm run demo`, on a machine that has an engine on PATH and an empty
 * build cache: it uses that engine and builds nothing. `go` is left off PATH, so a demo that tried
 * to build OpenTofu would fail at once rather than compile for many minutes.
 */

const REPO = join(__dirname, "..", "..");
const DEMO_TIMEOUT = 300_000;
const [engine] = engines();

describe(`npm run demo with ${engine.name} on PATH and an empty cache`, () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tokenhooks-demo-test-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test(
    "deploys and destroys with that engine, printing each step, and builds no engine",
    async () => {
      const bin = join(root, "bin");
      mkdirSync(bin);
      symlinkSync(engine.path, join(bin, engine.name));
      const cache = join(root, "cache");
      const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: [bin, dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter), TOKENHOOKS_CACHE_DIR: cache };

      const { stdout, stderr } = await runCommand(process.execPath, [join(REPO, "scripts", "demo.mjs")], { cwd: REPO, env, timeoutMs: DEMO_TIMEOUT });

      expect(stdout).toContain(`engine: ${engine.name} ${engine.version} (${join(bin, engine.name)})`);
      expect(stdout + stderr).not.toMatch(/building OpenTofu/);
      expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
      const steps = stdout.split("\n").filter((line) => line.startsWith("== "));
      expect(steps.map((line) => line.replace(/ \(\d+ s\)$/, ""))).toEqual([
        "== bundling the plugin, finding an engine",
        "== starting the emulator",
        `== cdktf deploy ${EXAMPLE_STACKS.join(" ")}`,
        "== outputs (cdktf leaves the sensitive ones, the tokens, out of the file)",
        "== what the emulator holds after deploy",
        `== cdktf destroy ${EXAMPLE_STACKS.join(" ")}`,
        "== what the emulator holds after destroy",
      ]);
      // The agents stack's resources, served by the plugin packaged from stacks/agent-token at synth.
      const deployed = stdout.slice(stdout.indexOf("== what the emulator holds after deploy"), stdout.indexOf("== cdktf destroy"));
      const pool = /^agent pool {2}(apool-\w+) {2}build-agents$/m.exec(deployed)?.[1];
      expect(pool).toBeDefined();
      expect(deployed).toMatch(new RegExp(`^agent token {2}at-\\w+ {2}${pool} {2}build agents$`, "m"));
      expect(stdout).toContain(`agents.agent_pool_id = "${pool}"`);
      expect(stdout).toMatch(/demo: deployed and destroyed in \d+ s; the emulator holds exactly what it was seeded with\./);
      // Without a terminal (as in a pipeline), no colour codes.
      expect(stdout + stderr).not.toMatch(/\u001b\[/);
    },
    DEMO_TIMEOUT + 30_000,
  );
});

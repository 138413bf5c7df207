import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The repository files a fresh Node.js process loads for `require(module)`. */
function loadedBy(module: string): string[] {
  const script = `require(${JSON.stringify(module)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const output = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
  return (JSON.parse(output) as string[]).map((file) => path.relative(ROOT, file)).filter((file) => !file.startsWith(".."));
}

describe("synth loads schemas only", () => {
  test("the constructs load no hook, API client, HTTP stack, codec or plugin server", () => {
    const loaded = loadedBy("./src/index.ts");
    expect(loaded).toEqual(expect.arrayContaining(["src/resources/schemas/team-token.ts", "src/provider/schema.ts"]));
    const forbidden = loaded.filter(
      (file) =>
        /^src\/(clients|http|tls|emulator|main)\//.test(file) ||
        /^src\/plugin\/(protocol|cty\/(msgpack|json|equality))/.test(file) ||
        /^src\/plugin\/framework\/(provider-server|rpc\/)/.test(file) ||
        (/^src\/resources\//.test(file) && !/^src\/resources\/schemas\//.test(file)) ||
        /node_modules\/undici\//.test(file),
    );
    expect(forbidden).toEqual([]);
  });

  test("cdktf-token-hooks/custom, which the plugin bundles, loads neither cdktf, cdktn nor constructs; its constructs entry loads them", () => {
    const coreLibraries = (files: string[]) => files.filter((file) => /node_modules\/(cdktf|cdktn|constructs)\//.test(file));
    expect(coreLibraries(loadedBy("./src/custom/index.ts"))).toEqual([]);
    expect(coreLibraries(loadedBy("./src/custom/constructs.ts"))).not.toEqual([]);
  });
});

import { identifyEngine, type Engine } from "../../scripts/engine.mjs";

export type { Engine };

const ENGINE_NAMES: readonly string[] = ["terraform", "tofu"];

let found: readonly Engine[] | undefined;

/**
 * The engines to run end-to-end tests on, as test/global-setup.ts found them
 * (`TOKENHOOKS_ENGINES`). Without global setup, `terraform` on PATH; throws when there is none.
 */
export function engines(): readonly Engine[] {
  found ??= fromEnvironment() ?? [terraformOnPath()];
  return found;
}

/** Declares one `describe` block per engine, titled `<title> (<engine> <version>)`. */
export function describeEachEngine(title: string, fn: (engine: Engine) => void): void {
  describe.each(engines().map((engine) => ({ ...engine })))(`${title} ($name $version)`, fn);
}

function fromEnvironment(): readonly Engine[] | undefined {
  const json = process.env.TOKENHOOKS_ENGINES;
  if (json === undefined) return undefined;
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isEngine)) {
    throw new Error(`TOKENHOOKS_ENGINES is not a non-empty list of engines: ${json}`);
  }
  return parsed;
}

function isEngine(value: unknown): value is Engine {
  if (typeof value !== "object" || value === null) return false;
  const { name, path, version } = value as Record<string, unknown>;
  return typeof name === "string" && ENGINE_NAMES.includes(name) && typeof path === "string" && typeof version === "string";
}

function terraformOnPath(): Engine {
  const terraform = identifyEngine("terraform");
  if (terraform === undefined) {
    throw new Error("no engine: run the tests through jest's global setup (npm test), or put terraform on PATH");
  }
  return terraform;
}

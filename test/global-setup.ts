import { bundleAll } from "../scripts/bundle.mjs";
import { findEngines } from "../scripts/engine.mjs";
import { prepareGoTfeTestsForTests } from "../scripts/go-tfe.mjs";
import { prepareTfeProviderForTests } from "../scripts/tfe-provider.mjs";

/**
 * Runs once before any test file: bundles the plugin and CLI executables while it finds (in CI
 * also builds) the engines, then hands the engines to the test workers through `TOKENHOOKS_ENGINES`.
 * In CI it fails unless both engines are there. The outside references the emulator is judged
 * by, terraform-provider-tfe and go-tfe's tests, are built when missing; a failed build fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const inCi = process.env.CI === "true";
  const [, engines] = await Promise.all([bundleAll(), findEngines({ build: inCi })]);
  process.stderr.write(`\nengines: ${engines.map((engine) => `${engine.name} ${engine.version} (${engine.path})`).join(", ")}\n`);
  if (inCi && engines.length < 2) throw new Error(`CI must test on both Terraform and OpenTofu, but found only ${engines.map((engine) => engine.name).join(", ")}`);
  process.env.TOKENHOOKS_ENGINES = JSON.stringify(engines);
  // After the engines, not beside them: both builds would compete for the same two cores.
  await prepareTfeProviderForTests();
  await prepareGoTfeTestsForTests();
}

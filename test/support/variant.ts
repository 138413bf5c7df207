import { engines, type Engine } from "./engines";

/** `TOKENHOOKS_LONG=1`: tests that have a long variant run it instead of their quick one. */
export const LONG = process.env.TOKENHOOKS_LONG === "1";

/** Picks the value for the variant being run. */
export function variant<T>(quick: T, long: T): T {
  return LONG ? long : quick;
}

/** The engines a heavy scenario runs on: the first one quick, every one long. */
export function heavyEngines(): readonly Engine[] {
  return variant(engines().slice(0, 1), engines());
}

/** One `describe` per engine of {@link heavyEngines}, titled like `describeEachEngine`. */
export function describeHeavy(title: string, fn: (engine: Engine) => void): void {
  describe.each(heavyEngines().map((engine) => ({ ...engine })))(`${title} ($name $version)`, fn);
}

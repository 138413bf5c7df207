import { DEFAULT_IDLE_SECONDS, idleMsFrom } from "../../../../src/plugin/warm/server";

describe("idleMsFrom", () => {
  it("defaults to a minute", () => {
    expect(DEFAULT_IDLE_SECONDS).toBe(60);
    expect(idleMsFrom({})).toBe(60_000);
  });

  it("takes TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS, fractions too", () => {
    expect(idleMsFrom({ TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "1" })).toBe(1_000);
    expect(idleMsFrom({ TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "0.5" })).toBe(500);
    expect(idleMsFrom({ TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: "3600" })).toBe(3_600_000);
  });

  it.each(["", "0", "-5", "soon", "Infinity", "NaN"])("ignores %j", (value) => {
    expect(idleMsFrom({ TOKENHOOKS_PLUGIN_SERVER_IDLE_SECONDS: value })).toBe(60_000);
  });
});

import { inspect } from "node:util";
import { Secret } from "../../../src/http/secret";

describe("Secret", () => {
  const secret = new Secret("abc.atlasv1.SECRET-VALUE");

  it("reveals the value only on request", () => {
    expect(secret.reveal()).toBe("abc.atlasv1.SECRET-VALUE");
  });

  it("prints as [sensitive] everywhere", () => {
    const holder = { token: secret };
    for (const text of [
      String(secret),
      `${secret}`,
      JSON.stringify(holder),
      inspect(holder, { showHidden: true, depth: 5 }),
    ]) {
      expect(text).not.toContain("SECRET-VALUE");
      expect(text).toContain("[sensitive]");
    }
    expect(Object.keys(secret)).toEqual([]);
  });

  it("wraps strings and passes secrets through", () => {
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from("x").reveal()).toBe("x");
  });
});

import { sharedPacer } from "../../../src/http/pacer-registry";
import { Secret } from "../../../src/http/secret";

describe("sharedPacer", () => {
  it("is one pacer per host and credential, whichever Secret object carries the credential", () => {
    const pacer = sharedPacer("https://app.terraform.io", new Secret("token-a"));

    expect(sharedPacer("https://app.terraform.io", new Secret("token-a"))).toBe(pacer);
    expect(sharedPacer("https://app.terraform.io", new Secret("token-b"))).not.toBe(pacer);
    expect(sharedPacer("https://tfe.example.com", new Secret("token-a"))).not.toBe(pacer);
  });
});

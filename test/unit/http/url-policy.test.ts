import { InsecureUrlError } from "../../../src/http/errors";
import { parseSecureUrl } from "../../../src/http/url-policy";

describe("parseSecureUrl", () => {
  it.each([
    "https://app.terraform.io",
    "http://127.0.0.1:8080/api",
    "http://127.9.8.7",
    "http://localhost:3000",
    "http://[::1]:9000",
  ])("accepts %s", (url) => {
    expect(parseSecureUrl(url).href).toBe(new URL(url).href);
  });

  it.each([
    ["http://app.terraform.io", "plain http is only allowed on a loopback host"],
    ["http://10.0.0.1", "plain http is only allowed on a loopback host"],
    ["http://localhost.evil.example", "plain http is only allowed on a loopback host"],
    ["ftp://127.0.0.1/", "unsupported protocol ftp:"],
    ["app.terraform.io", "not an absolute URL"],
  ])("refuses %s", (url, reason) => {
    expect(() => parseSecureUrl(url)).toThrow(InsecureUrlError);
    expect(() => parseSecureUrl(url)).toThrow(reason);
  });

  it("names the URL in the error", () => {
    const error = (() => {
      try {
        return parseSecureUrl("http://tfe.example.com/");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ name: "InsecureUrlError", url: "http://tfe.example.com/" });
  });

  it("refuses credentials in the URL without repeating them", () => {
    let message = "";
    try {
      parseSecureUrl("https://user:PASSWORD-XYZ@example.com/");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe("Refusing URL https://example.com: credentials in the URL are not allowed");
  });
});

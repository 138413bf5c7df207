import { redact } from "../../../src/http/redact";

describe("redact", () => {
  it("masks every occurrence of each known secret", () => {
    expect(redact("a s3cret b s3cret c other-key", ["s3cret", "other-key"])).toBe(
      "a [redacted] b [redacted] c [redacted]"
    );
  });

  it("leaves values too short to be secrets alone", () => {
    expect(redact("abc", ["ab"])).toBe("abc");
  });

  it("masks unknown HCP Terraform tokens and JWTs by their shape", () => {
    const tfcToken = "AbCdEfGh123456.atlasv1.zYxWvUtSrQpOnMlKjIhGfEdCbA0123456789";
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    expect(redact(`token ${tfcToken}, jwt ${jwt}.`, [])).toBe("token [redacted], jwt [redacted].");
  });
});

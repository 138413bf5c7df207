import "cdktf/lib/testing/adapters/jest"; // the matchers' types
import { Testing } from "cdktf";
import { FilestoreSecret, SecretsStack } from "./filestore-stack";

describe("SecretsStack", () => {
  const stack = new SecretsStack(Testing.app(), "secrets");

  test("declares a generated secret", () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(FilestoreSecret, { name: "session-key" });
  });

  test("plans through its packaged plugin", () => {
    process.env.TF_VAR_db_password = "not-a-real-password";
    expect(Testing.fullSynth(stack)).toPlanSuccessfully();
  });
});

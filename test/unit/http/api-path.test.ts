import { apiPath } from "../../../src/http/api-path";

describe("apiPath", () => {
  it("encodes each interpolated value as a single path segment", () => {
    expect(apiPath`/teams/${"team-1"}/authentication-token`).toBe("/teams/team-1/authentication-token");
    expect(apiPath`/a/${"../x?y=1#z"}/b/${"ä b"}`).toBe("/a/..%2Fx%3Fy%3D1%23z/b/%C3%A4%20b");
  });
});

import {
  AmbiguousCreateError,
  ApiError,
  isAmbiguousFailure,
  MalformedResponseError,
  NetworkError,
  RequestTimeoutError,
  unlessNotFound,
} from "../../../src/http/errors";

const target = { service: "tfc" as const, method: "GET" as const, path: "/api/v2/teams/team-x" };

describe("ApiError messages", () => {
  it("explains that a TFC 404 may mean forbidden", () => {
    const error = new ApiError({ ...target, status: 404, title: "not found" });
    expect(error.message).toBe(
      "TFC GET /api/v2/teams/team-x: 404 not found. Not found — or the token lacks permission (HCP Terraform answers 404 for forbidden)"
    );
  });

  it("does not add the TFC hint to other services or statuses", () => {
    const infisical = new ApiError({
      service: "infisical",
      method: "GET",
      path: "/api/v1/x",
      status: 404,
      title: "NotFound",
      detail: "Could not find",
      requestId: "req-1",
    });
    expect(infisical.message).toBe("Infisical GET /api/v1/x: 404 NotFound — Could not find (request id req-1)");
    expect(new ApiError({ ...target, status: 401 }).message).toBe("TFC GET /api/v2/teams/team-x: 401 unauthorized");
  });

  it("carries status, method, path and the API text as fields", () => {
    const error = new ApiError({ ...target, status: 422, title: "invalid attributes", detail: "d" });
    expect(error).toMatchObject({
      name: "ApiError",
      status: 422,
      method: "GET",
      path: "/api/v2/teams/team-x",
      service: "tfc",
    });
  });
});

describe("isAmbiguousFailure", () => {
  const post = { ...target, method: "POST" as const };
  it.each([
    ["a timeout", new RequestTimeoutError({ ...post, timeoutMs: 1 }), true],
    ["a reset after sending", new NetworkError({ ...post, code: "ECONNRESET", reason: "r", requestSent: true }), true],
    [
      "a refused connection",
      new NetworkError({ ...post, code: "ECONNREFUSED", reason: "r", requestSent: false }),
      false,
    ],
    ["a 500", new ApiError({ ...post, status: 500 }), true],
    ["a 503", new ApiError({ ...post, status: 503 }), true],
    ["a 422", new ApiError({ ...post, status: 422 }), false],
    ["an exhausted 429", new ApiError({ ...post, status: 429 }), false],
    ["an unreadable success body", new MalformedResponseError({ ...post, status: 201, reason: "x" }), true],
    ["a programming error", new TypeError("x"), false],
  ])("%s → %s", (_label, error, expected) => {
    expect(isAmbiguousFailure(error)).toBe(expected);
  });
});

describe("unlessNotFound", () => {
  it("maps only a 404 to the fallback", async () => {
    await expect(unlessNotFound(Promise.reject(new ApiError({ ...target, status: 404 })), false)).resolves.toBe(false);
    await expect(unlessNotFound(Promise.resolve(1), false)).resolves.toBe(1);
    await expect(
      unlessNotFound(Promise.reject(new ApiError({ ...target, status: 500 })), false)
    ).rejects.toBeInstanceOf(ApiError);
  });
});

describe("AmbiguousCreateError", () => {
  it("names the target, what the lookup found and the last failure, and keeps it as cause", () => {
    const cause = new ApiError({ ...target, method: "POST", status: 502 });
    const error = new AmbiguousCreateError(cause, "the lookup did not find it", cause);
    expect(error.message).toBe(
      "TFC POST /api/v2/teams/team-x: the create may or may not have taken effect; the lookup did not find it (last failure: TFC POST /api/v2/teams/team-x: 502 bad gateway)"
    );
    expect(error.cause).toBe(cause);
  });
});

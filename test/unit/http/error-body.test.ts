import { describeErrorBody } from "../../../src/http/error-body";

describe("describeErrorBody", () => {
  it("reads JSON:API errors with a string status", () => {
    const body = { errors: [{ status: "404", title: "not found", detail: "Team team-x not found" }] };
    expect(describeErrorBody(JSON.stringify(body))).toEqual({ title: "not found", detail: "Team team-x not found" });
  });

  it("reads JSON:API errors with a numeric status (the documented 429 sample)", () => {
    const body = {
      errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }],
    };
    expect(describeErrorBody(JSON.stringify(body))).toEqual({
      title: "Too many requests",
      detail: "You have exceeded the API's rate limit.",
    });
  });

  it("joins the details of several errors and keeps the first title", () => {
    const body = {
      errors: [
        { status: "422", title: "invalid attributes", detail: "Validation failed: Description has already been taken" },
        { status: "422", title: "other", detail: "Expired at must be in the future" },
      ],
    };
    expect(describeErrorBody(JSON.stringify(body))).toEqual({
      title: "invalid attributes",
      detail: "Validation failed: Description has already been taken; Expired at must be in the future",
    });
  });

  it("reads go-tfe's fallback of plain message strings", () => {
    expect(describeErrorBody(JSON.stringify({ errors: ["unauthorized", "try again"] }))).toEqual({
      title: undefined,
      detail: "unauthorized; try again",
    });
  });

  it("reads Infisical's error with a string message and request id", () => {
    const body = {
      reqId: "req-42",
      statusCode: 400,
      message: 'An App Connection with the name "x" already exists',
      error: "BadRequest",
    };
    expect(describeErrorBody(JSON.stringify(body))).toEqual({
      title: "BadRequest",
      detail: 'An App Connection with the name "x" already exists',
      requestId: "req-42",
    });
  });

  it("renders Infisical's zod issue array as path: message pairs", () => {
    const body = {
      reqId: "req-7",
      statusCode: 422,
      error: "ValidationFailure",
      message: [
        { code: "too_big", path: ["name"], message: "name field must be at most 64 lowercase characters" },
        { code: "invalid_type", path: ["credentials", "apiToken"], message: "API Token required" },
        { code: "custom", path: [], message: "Invalid input" },
      ],
    };
    expect(describeErrorBody(JSON.stringify(body))).toEqual({
      title: "ValidationFailure",
      detail:
        "name: name field must be at most 64 lowercase characters; credentials.apiToken: API Token required; Invalid input",
      requestId: "req-7",
    });
  });

  it("says a non-JSON body was not valid JSON, without echoing it", () => {
    const result = describeErrorBody("<html>gateway SECRET</html>");
    expect(result).toEqual({ detail: "the error response body was not valid JSON" });
  });

  it("returns nothing for an empty body or an unrecognised JSON value", () => {
    expect(describeErrorBody("")).toEqual({});
    expect(describeErrorBody("[1,2]")).toEqual({});
    expect(describeErrorBody('"text"')).toEqual({});
  });
});

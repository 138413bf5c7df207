import { createResolvingAmbiguity } from "../../../src/http/ambiguous-create";
import { AmbiguousCreateError, ApiError } from "../../../src/http/errors";

const post = { service: "infisical" as const, method: "POST" as const, path: "/api/v1/app-connections/heroku" };
const serverError = () => new ApiError({ ...post, status: 500 });

function scripted<T>(outcomes: Array<T | Error>): { fn: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    fn: async () => {
      const outcome = outcomes[calls++];
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    calls: () => calls,
  };
}

describe("createResolvingAmbiguity", () => {
  it("returns the created object without a lookup when the create succeeds", async () => {
    const create = scripted(["created"]);
    const find = scripted<string | undefined>([]);
    await expect(createResolvingAmbiguity({ create: create.fn, findCreated: find.fn, lookup: "l" })).resolves.toBe(
      "created"
    );
    expect(find.calls()).toBe(0);
  });

  it("returns what the lookup finds after an ambiguous failure, without sending again", async () => {
    const create = scripted<string>([serverError()]);
    const find = scripted<string | undefined>(["found"]);
    await expect(createResolvingAmbiguity({ create: create.fn, findCreated: find.fn, lookup: "l" })).resolves.toBe(
      "found"
    );
    expect(create.calls()).toBe(1);
  });

  it("sends once more when the lookup finds nothing", async () => {
    const create = scripted<string>([serverError(), "second"]);
    const find = scripted<string | undefined>([undefined]);
    await expect(createResolvingAmbiguity({ create: create.fn, findCreated: find.fn, lookup: "l" })).resolves.toBe(
      "second"
    );
    expect(create.calls()).toBe(2);
  });

  it("throws AmbiguousCreateError when the retry is ambiguous too and nothing is found", async () => {
    const create = scripted<string>([serverError(), serverError(), "never"]);
    const find = scripted<string | undefined>([undefined, undefined]);
    const error = await createResolvingAmbiguity({
      create: create.fn,
      findCreated: find.fn,
      lookup: "looking it up by name",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error.message).toContain("looking it up by name did not find it after 2 tries");
    expect(create.calls()).toBe(2);
    expect(find.calls()).toBe(2);
  });

  it("throws AmbiguousCreateError when the lookup itself fails", async () => {
    const create = scripted<string>([serverError()]);
    const find = scripted<string | undefined>([new ApiError({ ...post, method: "GET", status: 503 })]);
    const error = await createResolvingAmbiguity({ create: create.fn, findCreated: find.fn, lookup: "lookup" }).catch(
      (e) => e
    );
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error.message).toContain("lookup failed: Infisical GET /api/v1/app-connections/heroku: 503");
  });

  it("propagates an unambiguous failure unchanged", async () => {
    const conflict = new ApiError({ ...post, status: 400, detail: "already exists" });
    const create = scripted<string>([conflict]);
    const find = scripted<string | undefined>([]);
    await expect(createResolvingAmbiguity({ create: create.fn, findCreated: find.fn, lookup: "l" })).rejects.toBe(
      conflict
    );
    expect(find.calls()).toBe(0);
  });
});

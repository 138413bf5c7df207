import { cty } from "../../../../src/schema/cty-type";
import type { AttributeSchema } from "../../../../src/schema/types";
import type { ProviderDefinition, ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { checkProviderDefinition } from "../../../../src/plugin/framework/schema-check";

const hooks = {
  create: async () => ({ state: {} }),
  read: async () => null,
  update: async () => ({ state: {} }),
  delete: async () => undefined,
};

function resource(attributes: Record<string, AttributeSchema>, overrides: Partial<ResourceDefinition<unknown>> = {}): ResourceDefinition<unknown> {
  return { schema: { typeName: "demo_thing", version: 0, description: "d", attributes }, ...hooks, ...overrides };
}

function provider(resources: ResourceDefinition<unknown>[], providerAttributes: Record<string, AttributeSchema> = {}): ProviderDefinition<unknown> {
  return { typeName: "demo", schema: { version: 0, description: "p", attributes: providerAttributes }, configure: () => ({}), resources };
}

const str = (flags: Partial<AttributeSchema>): AttributeSchema => ({ type: cty.string, description: "x", ...flags });

describe("schema checks", () => {
  test("a well-formed definition has no problems", () => {
    const definition = provider(
      [
        resource({
          id: str({ computed: true }),
          name: str({ required: true, requiresReplace: true, validators: [() => undefined] }),
          note: str({ optional: true, computed: true, conflictsWith: ["other"] }),
          other: str({ optional: true }),
          secret_wo: str({ optional: true, writeOnly: true }),
          tags: { type: cty.map(cty.list(cty.number)), optional: true, description: "t" },
        }),
      ],
      { token: str({ optional: true, sensitive: true, env: ["DEMO_TOKEN"] }) },
    );
    expect(checkProviderDefinition(definition)).toEqual([]);
  });

  test.each<[string, AttributeSchema, RegExp]>([
    ["no flag", str({}), /must set optional, required or computed/],
    ["optional and required", str({ optional: true, required: true }), /both optional and required/],
    ["computed and required", str({ computed: true, required: true }), /both computed and required/],
    ["write-only computed", str({ optional: true, computed: true, writeOnly: true }), /write-only attribute cannot be computed/],
    ["write-only replacing", str({ optional: true, writeOnly: true, requiresReplace: true }), /write-only attribute cannot require replacement/],
    ["computed-only replacing", str({ computed: true, requiresReplace: true }), /computed-only attribute has no meaning/],
    ["computed-only validated", str({ computed: true, validators: [() => undefined] }), /validators on a computed-only attribute/],
    ["empty deprecation", str({ optional: true, deprecated: " " }), /deprecated must be a non-empty message/],
    ["env on a resource", str({ optional: true, env: ["X"] }), /env defaults are only supported in the provider/],
    ["dynamic in a set", { type: cty.set(cty.dynamic), optional: true, description: "s" }, /set types may not contain dynamic/],
    ["malformed type", { type: ["vector", "string"] as never, optional: true, description: "s" }, /malformed type/],
    ["unknown primitive", { type: "text" as never, optional: true, description: "s" }, /unknown primitive type/],
  ])("rejects %s", (_label, attribute, message) => {
    const problems = checkProviderDefinition(provider([resource({ attr: attribute })]));
    expect(problems).toEqual([expect.stringMatching(message)]);
    expect(problems[0]).toMatch(/^demo_thing\.attr: /);
  });

  test("conflictsWith must name another optional attribute", () => {
    const problems = checkProviderDefinition(
      provider([
        resource({
          a: str({ optional: true, conflictsWith: ["a", "missing", "b"] }),
          b: str({ required: true }),
        }),
      ]),
    );
    expect(problems).toEqual([
      expect.stringMatching(/a: conflictsWith names the attribute itself/),
      expect.stringMatching(/a: conflictsWith names unknown attribute "missing"/),
      expect.stringMatching(/a: conflictsWith cannot involve a required attribute/),
    ]);
  });

  test("names, versions and resource type prefixes are checked", () => {
    const bad = resource({ "Bad-Name": str({ optional: true }) });
    const problems = checkProviderDefinition({
      ...provider([bad, { ...bad, schema: { ...bad.schema, typeName: "other_thing", version: -1 } }]),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/demo_thing\.Bad-Name: attribute name may contain only/),
        expect.stringMatching(/other_thing: resource type name must be "demo_"/),
        expect.stringMatching(/other_thing: schema version must be a non-negative integer/),
      ]),
    );
    expect(checkProviderDefinition(provider([bad, bad]))).toEqual(expect.arrayContaining([expect.stringMatching(/defined twice/)]));
  });

  test("provider configuration attributes cannot be computed, and env defaults need strings", () => {
    const problems = checkProviderDefinition(
      provider([], { host: str({ computed: true }), port: { type: cty.number, optional: true, env: ["PORT"], description: "p" } }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/provider demo\.host: provider configuration attributes cannot be computed/),
      expect.stringMatching(/provider demo\.port: env defaults are only supported for string attributes/),
    ]);
  });

  test("a resource without update must replace on every configurable attribute", () => {
    const { update: _update, ...noUpdate } = hooks;
    const definition = provider([
      {
        schema: { typeName: "demo_thing", version: 0, description: "d", attributes: { name: str({ required: true, requiresReplace: true }), note: str({ optional: true }), wo: str({ optional: true, writeOnly: true }), id: str({ computed: true }) } },
        ...noUpdate,
      },
    ]);
    expect(checkProviderDefinition(definition)).toEqual([expect.stringMatching(/demo_thing\.note: the resource has no update hook/)]);
  });
});

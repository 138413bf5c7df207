import { BigDecimal } from "../../../../src/plugin/cty/values";
import type { ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { upgradeRawState } from "../../../../src/plugin/framework/state-upgrade";
import { widget, widgetSchema } from "./fixtures";

const hooks = { create: jest.fn(), read: jest.fn(), delete: jest.fn() };
const raw = (json: string) => ({ json: Buffer.from(json), flatmap: {} });

describe("state upgrade", () => {
  const resource: ResourceDefinition<unknown> = { schema: widgetSchema, ...hooks };

  test("same version: missing attributes become null, removed ones are dropped, numbers stay exact", () => {
    const state = upgradeRawState(resource, 1, raw('{\n  "id": "w-1",\n  "name": "w",\n  "size": 9007199254740993,\n  "removed": true\n}'));
    expect(state).toEqual(widget({ id: "w-1", name: "w", size: new BigDecimal("9007199254740993") }));
  });

  test("an older version goes through upgradeState with exact numbers first", () => {
    const upgradeState = jest.fn((_from: number, old: Record<string, unknown>) => ({ id: old.identifier, name: old.title, size: old.size }));
    const state = upgradeRawState({ ...resource, upgradeState }, 0, raw('{"identifier": "w-1", "title": "w", "size": 12345678901234567890}'));
    expect(upgradeState).toHaveBeenCalledWith(0, { identifier: "w-1", title: "w", size: new BigDecimal("12345678901234567890") });
    expect(state).toEqual(widget({ id: "w-1", name: "w", size: new BigDecimal("12345678901234567890") }));
  });

  test("an older version without upgradeState, and pre-0.12 flatmap state, fail clearly", () => {
    expect(() => upgradeRawState(resource, 0, raw("{}"))).toThrow("Cannot upgrade demo_widget state from version 0");
    expect(() => upgradeRawState(resource, 1, { json: Buffer.alloc(0), flatmap: { id: "x" } })).toThrow("has no JSON form");
  });
});

import { attribute } from "../../../src/custom";

export const port = attribute.number({
  optional: true,
  description: "Port.",
  // expect-error: is not assignable to type 'Validator<number>'
  validators: [(value: string) => (value.length > 5 ? "too long" : undefined)],
});

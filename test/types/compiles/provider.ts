import { attribute, defineProvider, providerSchema } from "../../../src/custom";
import { thing } from "./hooks-see-typed-objects";

const demoSchema = providerSchema({
  typeName: "demo",
  version: 0,
  description: "The demo provider.",
  attributes: { token: attribute.string({ optional: true, sensitive: true, env: ["DEMO_TOKEN"], description: "API token.", defaultDescription: "DEMO_TOKEN" }) },
});

export const demo = defineProvider(demoSchema, {
  configure: (config) => ({ api: { create: async (name: string) => ({ id: `${String(config.token)}-${name}`, region: "eu" }) } }),
  resources: [thing],
});

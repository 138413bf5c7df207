import { attribute, providerSchema, resourceSchema } from "../../../src/custom";

export const filestoreSchema = providerSchema({
  typeName: "filestore",
  version: 0,
  description: "Secrets kept as files, one per secret, in one directory.",
  attributes: {
    directory: attribute.string({
      optional: true,
      env: ["FILESTORE_DIR"],
      description: "The directory of the files, relative to the engine's working directory.",
      defaultDescription: "FILESTORE_DIR, else the engine's working directory",
    }),
  },
});

export const secretSchema = resourceSchema({
  typeName: "filestore_secret",
  version: 0,
  description: "A secret in a file of its own that only its owner can read.",
  attributes: {
    id: attribute.string({ computed: true, description: "The file's path." }),
    name: attribute.string({
      required: true,
      requiresReplace: true,
      description: "The file's name.",
      validators: [(name) => (/^[\w.-]+$/.test(name) ? undefined : `must be letters, digits, ".", "_" or "-", got "${name}"`)],
    }),
    value: attribute.string({
      optional: true,
      writeOnly: true,
      sensitive: true,
      description: "The secret to write. Never stored in state: change `value_version` to write a new one.",
      defaultDescription: "a generated secret",
    }),
    value_version: attribute.number({ default: 1, description: "Changing it writes the secret again (a new one when `value` is unset)." }),
    generated: attribute.string({ computed: true, sensitive: true, description: "The generated secret when `value` is unset, else null." }),
    sha256: attribute.string({ computed: true, description: "The SHA-256 of the file's content." }),
  },
});

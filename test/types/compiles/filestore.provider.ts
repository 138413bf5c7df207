import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { AttributeError, defineProvider, defineResource } from "../../../src/custom";
import { filestoreSchema, secretSchema } from "./filestore.schema";

type Clients = { readonly directory: string };

const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");

/** Writes the secret (`value`, or a new random one) and returns the state to store. */
function writeSecret(file: string, name: string, valueVersion: number, value: string | null) {
  const generated = value === null ? randomBytes(24).toString("base64url") : null;
  const content = value ?? generated ?? "";
  fs.writeFileSync(file, content, { mode: 0o600 });
  console.log(`filestore: wrote ${file}`); // the engine's log (TF_LOG), never its output
  return { state: { id: file, name, value_version: valueVersion, generated, sha256: sha256(content) } };
}

const secret = defineResource<typeof secretSchema, Clients>(secretSchema, {
  create: ({ clients }, { planned, config }) => {
    const file = path.join(clients.directory, planned.name);
    if (fs.existsSync(file)) throw new AttributeError(`${file} exists already: adopt it with terraform import`, ["name"]);
    fs.mkdirSync(clients.directory, { recursive: true });
    return writeSecret(file, planned.name, planned.value_version, config.value);
  },
  // null: the file is gone, and the next plan creates it again.
  read: ({ clients }, { state }) => {
    const file = path.join(clients.directory, state.name);
    return fs.existsSync(file) ? { state: { ...state, id: file, sha256: sha256(fs.readFileSync(file, "utf8")) } } : null;
  },
  // Runs when value_version changes; a new write-only value alone changes no plan.
  update: ({ clients }, { planned, config }) => writeSecret(path.join(clients.directory, planned.name), planned.name, planned.value_version, config.value),
  delete: ({ clients }, { state }) => fs.rmSync(path.join(clients.directory, state.name), { force: true }),
  // `terraform import filestore_secret.<name> <file name>`: read then fills in the rest.
  import: (_ctx, { id }) => ({ state: { name: id, value_version: 1 } }),
});

export const filestore = defineProvider(filestoreSchema, {
  // Values unset in the provider block come from the attributes' env variables.
  configure: (config) => ({ directory: path.resolve(typeof config.directory === "string" ? config.directory : ".") }),
  resources: [secret],
});

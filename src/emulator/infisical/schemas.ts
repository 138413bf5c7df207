import { isRecord } from "../http/exchange";
import { checkString, invalidDiscriminator, invalidLiteral, invalidType, invalidUnion, invalidUuid, type StringRules, type ZodIssue } from "./issues";
import { APP_DETAILS, type AppName } from "./model";

/** Infisical's `slugSchema({ field: "name" })`: trimmed, 1–64 chars, what slugify leaves unchanged. */
const SLUG_RULES: StringRules = {
  min: { length: 1, message: "name field must be at least 1 lowercase character" },
  max: { length: 64, message: "name field must be at most 64 lowercase characters" },
  refine: { test: (value) => value === "" || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value), message: "name field can only contain lowercase letters, numbers, and hyphens" },
};

const DESCRIPTION_RULES: StringRules = {
  optional: true,
  nullable: true,
  max: { length: 256, message: "Description cannot exceed 256 characters" },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A validated request, or the zod issues that make it a 422. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ZodIssue[] };

function result<T>(value: T, issues: ZodIssue[]): Validated<T> {
  return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
}

/** A Universal Auth login body. */
export function validateLogin(body: unknown): Validated<{ clientId: string; clientSecret: string }> {
  if (!isRecord(body)) return { ok: false, issues: [invalidType([], "object", body)] };
  const issues: ZodIssue[] = [];
  const clientId = checkString(body.clientId, ["clientId"], {}, issues);
  const clientSecret = checkString(body.clientSecret, ["clientSecret"], {}, issues);
  checkString(body.subOrganizationName, ["subOrganizationName"], { optional: true }, issues);
  return result({ clientId: clientId ?? "", clientSecret: clientSecret ?? "" }, issues);
}

/** A token renew/revoke body. */
export function validateAccessTokenBody(body: unknown): Validated<{ accessToken: string }> {
  if (!isRecord(body)) return { ok: false, issues: [invalidType([], "object", body)] };
  const issues: ZodIssue[] = [];
  const accessToken = checkString(body.accessToken, ["accessToken"], {}, issues);
  return result({ accessToken: accessToken ?? "" }, issues);
}

/** A path or query value that must be a UUID. */
export function validateUuid(value: string, name: string): ZodIssue[] {
  return UUID.test(value) ? [] : [invalidUuid([name])];
}

/** A connection name in a path. */
export function validateConnectionName(value: string): ZodIssue[] {
  const issues: ZodIssue[] = [];
  checkString(value, ["connectionName"], SLUG_RULES, issues);
  return issues;
}

/** A validated create body. */
export interface CreateConnectionInput {
  name: string;
  description: string | null;
  projectId: string | null;
  credential: string;
}

/** `Create<App>ConnectionSchema`: the method/credentials union intersected with the generic fields. */
export function validateCreateConnection(app: AppName, body: unknown): Validated<CreateConnectionInput> {
  if (!isRecord(body)) return { ok: false, issues: [invalidType([], "object", body)] };
  const issues: ZodIssue[] = [];
  const details = APP_DETAILS[app];
  let credential: string | undefined;
  if (body.method !== details.method) {
    issues.push(invalidDiscriminator(["method"], [details.method]));
  } else {
    credential = checkCredentials(app, body.credentials, issues);
  }
  const name = checkString(body.name, ["name"], SLUG_RULES, issues);
  const description = checkString(body.description, ["description"], DESCRIPTION_RULES, issues);
  const projectId = checkString(body.projectId, ["projectId"], { optional: true }, issues);
  checkUnsupportedFields(app, body, issues);
  return result({ name: name ?? "", description: description ?? null, projectId: projectId ?? null, credential: credential ?? "" }, issues);
}

/** A validated update body; absent fields are left alone. `method` and `projectId` are stripped, as zod does. */
export interface UpdateConnectionInput {
  name?: string;
  description?: string | null;
  credential?: string;
}

export function validateUpdateConnection(app: AppName, body: unknown): Validated<UpdateConnectionInput> {
  if (!isRecord(body)) return { ok: false, issues: [invalidType([], "object", body)] };
  const issues: ZodIssue[] = [];
  const input: UpdateConnectionInput = {};
  if (body.credentials !== undefined) input.credential = checkCredentials(app, body.credentials, issues);
  const name = checkString(body.name, ["name"], { ...SLUG_RULES, optional: true }, issues);
  if (name !== undefined && name !== null) input.name = name;
  const description = checkString(body.description, ["description"], DESCRIPTION_RULES, issues);
  if (description !== undefined) input.description = description;
  checkUnsupportedFields(app, body, issues);
  return result(input, issues);
}

/** `{apiToken}` / `{authToken}`: a non-empty string once trimmed, with the app's prefix if it has one. */
function checkCredentials(app: AppName, credentials: unknown, issues: ZodIssue[]): string | undefined {
  const { credentialKey, credentialLabel, credentialPrefix } = APP_DETAILS[app];
  if (!isRecord(credentials)) {
    issues.push(invalidType(["credentials"], "object", credentials));
    return undefined;
  }
  // Heroku's update schema is a union of credential shapes: without the key, none matches.
  if (app === "heroku" && !(credentialKey in credentials)) {
    issues.push(invalidUnion(["credentials"]));
    return undefined;
  }
  const rules: StringRules = { min: { length: 1, message: `${credentialLabel} required` }, ...(credentialPrefix ? { startsWith: credentialPrefix } : {}) };
  return checkString(credentials[credentialKey], ["credentials", credentialKey], rules, issues) ?? undefined;
}

/** Platform-managed credentials, gateways and rotation are not supported for these apps, on create and on update alike. */
function checkUnsupportedFields(app: AppName, body: Record<string, unknown>, issues: ZodIssue[]): void {
  const message = `Not supported for ${APP_DETAILS[app].displayName} Connections`;
  for (const field of ["isPlatformManagedCredentials", "isAutoRotationEnabled"]) {
    if (body[field] !== undefined && body[field] !== false) issues.push(invalidLiteral([field], false, body[field], message));
  }
  const absent = ["gatewayId", "rotation"];
  for (const field of absent) {
    if (body[field] !== undefined && body[field] !== null) issues.push(invalidUnion([field]));
  }
}

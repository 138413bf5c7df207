import {
  isRecord,
  readArray,
  readNullableNumber,
  readNullableString,
  readObject,
  readOptionalBoolean,
  readString,
  ShapeError,
} from "../../http/json-shape";
import { Secret } from "../../http/secret";
import type { AccountDetails, AuthenticationToken, Organization, Page, Pagination, ResourceRef, Team } from "./types";

/** `relationships[name].data` when it is a single resource reference. */
function relationship(resource: Record<string, unknown>, name: string): ResourceRef | undefined {
  const relationships = resource.relationships;
  if (!isRecord(relationships)) return undefined;
  const link = relationships[name];
  const data = isRecord(link) ? link.data : undefined;
  if (!isRecord(data) || typeof data.id !== "string" || typeof data.type !== "string") return undefined;
  return { type: data.type, id: data.id };
}

function attributesOf(resource: Record<string, unknown>, where: string): Record<string, unknown> {
  return readObject(resource.attributes, `${where}.attributes`);
}

function parseToken(value: unknown, where: string): AuthenticationToken {
  const resource = readObject(value, where);
  const attributes = attributesOf(resource, where);
  const at = `${where}.attributes`;
  const secret = readNullableString(attributes, "token", at);
  const token: AuthenticationToken = {
    id: readString(resource, "id", where),
    description: readNullableString(attributes, "description", at),
    token: secret === null ? null : new Secret(secret),
    createdAt: readString(attributes, "created-at", at),
    lastUsedAt: readNullableString(attributes, "last-used-at", at),
    expiredAt: readNullableString(attributes, "expired-at", at),
  };
  const team = relationship(resource, "team");
  if (team) token.teamId = team.id;
  const createdBy = relationship(resource, "created-by");
  if (createdBy) token.createdBy = createdBy;
  return token;
}

/** A document whose `data` is one token. */
export function parseTokenDocument(body: unknown): AuthenticationToken {
  return parseToken(readObject(body, "body").data, "data");
}

/** A document whose `data` is one token or null (HCP Terraform's "no token"). */
export function parseOptionalTokenDocument(body: unknown): AuthenticationToken | undefined {
  const data = readObject(body, "body").data;
  return data === null ? undefined : parseToken(data, "data");
}

function parsePagination(document: Record<string, unknown>): Pagination {
  const meta = document.meta;
  const pagination = isRecord(meta) ? meta.pagination : undefined;
  if (pagination === undefined) {
    return { currentPage: 1, prevPage: null, nextPage: null, totalPages: null, totalCount: null };
  }
  const where = "meta.pagination";
  const fields = readObject(pagination, where);
  return {
    currentPage: readNullableNumber(fields, "current-page", where) ?? 1,
    prevPage: readNullableNumber(fields, "prev-page", where),
    nextPage: readNullableNumber(fields, "next-page", where),
    totalPages: readNullableNumber(fields, "total-pages", where),
    totalCount: readNullableNumber(fields, "total-count", where),
  };
}

/** A list document of tokens with its pagination. */
export function parseTokenPage(body: unknown): Page<AuthenticationToken> {
  const document = readObject(body, "body");
  const items = readArray(document.data, "data").map((item, index) => parseToken(item, `data[${index}]`));
  return { items, pagination: parsePagination(document) };
}

/** `GET /teams/:id`. */
export function parseTeamDocument(body: unknown): Team {
  const resource = readObject(readObject(body, "body").data, "data");
  const organization = relationship(resource, "organization");
  if (!organization) throw new ShapeError("data.relationships.organization.data is missing");
  return {
    id: readString(resource, "id", "data"),
    name: readString(attributesOf(resource, "data"), "name", "data.attributes"),
    organization: organization.id,
  };
}

/** `GET /organizations/:name`. */
export function parseOrganizationDocument(body: unknown): Organization {
  const resource = readObject(readObject(body, "body").data, "data");
  const attributes = attributesOf(resource, "data");
  return {
    name: readString(resource, "id", "data"),
    externalId: readNullableString(attributes, "external-id", "data.attributes"),
    email: readNullableString(attributes, "email", "data.attributes"),
  };
}

/** `GET /account/details`. */
export function parseAccountDocument(body: unknown): AccountDetails {
  const resource = readObject(readObject(body, "body").data, "data");
  const attributes = attributesOf(resource, "data");
  const account: AccountDetails = {
    id: readString(resource, "id", "data"),
    username: readNullableString(attributes, "username", "data.attributes"),
    isServiceAccount: readOptionalBoolean(attributes, "is-service-account", "data.attributes") ?? false,
  };
  const authenticatedResource = relationship(resource, "authenticated-resource");
  if (authenticatedResource) account.authenticatedResource = authenticatedResource;
  return account;
}

import {
  readArray,
  readNullableNumber,
  readNullableString,
  readNumber,
  readObject,
  readString,
} from "../../http/json-shape";
import { Secret } from "../../http/secret";
import type { AppConnection } from "./types";

/** A token from Universal Auth login or renewal. Durations in seconds; 0 means unlimited. */
export interface AccessTokenGrant {
  accessToken: Secret;
  expiresIn: number;
  accessTokenMaxTTL: number;
}

/** `{accessToken, expiresIn, accessTokenMaxTTL, tokenType}`. */
export function parseAccessTokenGrant(body: unknown): AccessTokenGrant {
  const grant = readObject(body, "body");
  return {
    accessToken: new Secret(readString(grant, "accessToken", "body")),
    expiresIn: readNumber(grant, "expiresIn", "body"),
    accessTokenMaxTTL: readNullableNumber(grant, "accessTokenMaxTTL", "body") ?? 0,
  };
}

function parseAppConnection(value: unknown, where: string): AppConnection {
  const fields = readObject(value, where);
  const connection: AppConnection = {
    id: readString(fields, "id", where),
    name: readString(fields, "name", where),
    description: readNullableString(fields, "description", where),
    projectId: readNullableString(fields, "projectId", where),
    orgId: readString(fields, "orgId", where),
    app: readString(fields, "app", where),
    method: readString(fields, "method", where),
    credentialsHash: readNullableString(fields, "credentialsHash", where),
    createdAt: readString(fields, "createdAt", where),
    updatedAt: readString(fields, "updatedAt", where),
  };
  const version = readNullableNumber(fields, "version", where);
  if (version !== null) connection.version = version;
  return connection;
}

/** `{appConnection: {...}}`. */
export function parseAppConnectionDocument(body: unknown): AppConnection {
  return parseAppConnection(readObject(body, "body").appConnection, "appConnection");
}

/** `{appConnections: [...]}`. */
export function parseAppConnectionList(body: unknown): AppConnection[] {
  const list = readArray(readObject(body, "body").appConnections, "appConnections");
  return list.map((item, index) => parseAppConnection(item, `appConnections[${index}]`));
}

import type { Router } from "../http/router";
import { jsonReply, type Reply } from "../http/reply";
import type { InfisicalContext } from "./context";
import { connectionResource } from "./documents";
import { badRequest, INFISICAL_CONTENT_TYPE, notFound, routeNotFound, validationFailure } from "./errors";
import { APPS, type AppConnection, type AppName } from "./model";
import { validateConnectionName, validateCreateConnection, validateUpdateConnection, validateUuid } from "./schemas";

/** App connections for `terraform-cloud` and `heroku` under `/app-connections/:app`. */
export function addConnectionRoutes(router: Router<InfisicalContext>): void {
  router
    .add("GET", "/app-connections/:app", (context, { app }) => forApp(context, app, (name) => listConnections(context, name)))
    .add("POST", "/app-connections/:app", (context, { app }) => forApp(context, app, (name) => createConnection(context, name)))
    .add("GET", "/app-connections/:app/connection-name/:connectionName", (context, { app, connectionName }) =>
      forApp(context, app, (name) => connectionByName(context, name, connectionName)),
    )
    .add("GET", "/app-connections/:app/:connectionId", (context, { app, connectionId }) =>
      forApp(context, app, (name) => withConnection(context, name, connectionId, (connection) => connectionReply(connection))),
    )
    .add("PATCH", "/app-connections/:app/:connectionId", (context, { app, connectionId }) =>
      forApp(context, app, (name) => withConnection(context, name, connectionId, (connection) => updateConnection(context, connection))),
    )
    .add("DELETE", "/app-connections/:app/:connectionId", (context, { app, connectionId }) =>
      forApp(context, app, (name) =>
        withConnection(context, name, connectionId, (connection) => {
          const reply = connectionReply(connection);
          context.store.deleteConnection(connection);
          return reply;
        }),
      ),
    );
}

/** Infisical registers routes per app, so an unknown app is an unknown route. */
function forApp(context: InfisicalContext, app: string, act: (app: AppName) => Reply | Promise<Reply>): Reply | Promise<Reply> {
  const known = APPS.find((candidate) => candidate === app);
  return known ? act(known) : routeNotFound(context.exchange.method, context.exchange.path);
}

function connectionReply(connection: AppConnection): Reply {
  return jsonReply(200, { appConnection: connectionResource(connection) }, INFISICAL_CONTENT_TYPE);
}

/**
 * Without `projectId`, every connection of the app in the organization, project-scoped ones
 * included (the DAL filters by `{orgId, app}` only); with it, that project's.
 */
function listConnections(context: InfisicalContext, app: AppName): Reply {
  const projectId = context.exchange.query.get("projectId") || null;
  if (projectId !== null && !context.store.project(projectId)) return badRequest(`Could not find project with ID ${projectId}`, context.reqId);
  const connections = context.store
    .connections()
    .filter((connection) => connection.app === app && (projectId === null || connection.projectId === projectId))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const appConnections = connections.map((connection) =>
    connectionResource(connection, { project: connection.projectId === null ? undefined : context.store.project(connection.projectId) }),
  );
  return jsonReply(200, { appConnections }, INFISICAL_CONTENT_TYPE);
}

/**
 * Looks the name up in one scope, whatever the app: organization level without `projectId`,
 * else that project (an unknown one simply matches nothing). A connection of another app is a 400.
 */
function connectionByName(context: InfisicalContext, app: AppName, name: string): Reply {
  const issues = validateConnectionName(name);
  if (issues.length > 0) return validationFailure(issues, context.reqId);
  const projectId = context.exchange.query.get("projectId") || null;
  const connection = context.store.connectionNamed(name, projectId);
  if (!connection) {
    return notFound(`Could not find App Connection with name ${name} in ${projectId === null ? "organization" : "project"} scope.`, context.reqId);
  }
  if (connection.app !== app) return badRequest(`App Connection with name ${name} is not for App "${app}"`, context.reqId);
  return connectionReply(connection);
}

function withConnection(
  context: InfisicalContext,
  app: AppName,
  connectionId: string,
  act: (connection: AppConnection) => Reply | Promise<Reply>,
): Reply | Promise<Reply> {
  const issues = validateUuid(connectionId, "connectionId");
  if (issues.length > 0) return validationFailure(issues, context.reqId);
  const connection = context.store.connection(connectionId);
  if (!connection) return notFound(`Could not find App Connection with ID ${connectionId}`, context.reqId);
  if (connection.app !== app) return badRequest(`App Connection with ID ${connectionId} is not for App "${app}"`, context.reqId);
  return act(connection);
}

async function createConnection(context: InfisicalContext, app: AppName): Promise<Reply> {
  const input = validateCreateConnection(app, context.exchange.body.kind === "json" ? context.exchange.body.value : undefined);
  if (!input.ok) return validationFailure(input.issues, context.reqId);
  const { name, description, projectId, credential } = input.value;
  if (projectId !== null && !context.store.project(projectId)) return badRequest(`Could not find project with ID ${projectId}`, context.reqId);
  const failure = await context.verifyCredential(app, credential);
  if (failure !== undefined) return badRequest(`Failed to validate credentials: ${failure}`, context.reqId);
  // Checked after the upstream call, as Infisical's unique constraint is: a concurrent create may have taken the name.
  if (context.store.connectionNamed(name, projectId)) return badRequest(`An App Connection with the name "${name}" already exists`, context.reqId);
  const connection = context.store.createConnection({
    app,
    name,
    description,
    projectId,
    credentialTokenId: context.identifyCredential(app, credential),
  });
  return connectionReply(connection);
}

async function updateConnection(context: InfisicalContext, connection: AppConnection): Promise<Reply> {
  const input = validateUpdateConnection(connection.app, context.exchange.body.kind === "json" ? context.exchange.body.value : undefined);
  if (!input.ok) return validationFailure(input.issues, context.reqId);
  const { name, description, credential } = input.value;
  if (credential !== undefined) {
    const failure = await context.verifyCredential(connection.app, credential);
    if (failure !== undefined) return badRequest(`Failed to validate credentials: ${failure}`, context.reqId);
  }
  if (!context.store.connection(connection.id)) return notFound(`Could not find App Connection with ID ${connection.id}`, context.reqId);
  if (name !== undefined && name !== connection.name && context.store.connectionNamed(name, connection.projectId)) {
    return badRequest(`An App Connection with the name "${name}" already exists`, context.reqId);
  }
  context.store.updateConnection(connection, {
    name,
    description,
    credential: credential === undefined ? undefined : { tokenId: context.identifyCredential(connection.app, credential) },
  });
  return connectionReply(connection);
}

import type { AppConnection, Project } from "./model";

/**
 * A connection as Infisical returns it: `credentials` is always `{}`, and `version` stays 1
 * (no code path increments it). `project` is there only when given: Infisical joins the project
 * in list queries alone (`findWithProjectDetails` in `app-connection-dal.ts`).
 */
export function connectionResource(connection: AppConnection, listed?: { project: Project | undefined }): Record<string, unknown> {
  return {
    id: connection.id,
    name: connection.name,
    description: connection.description,
    version: 1,
    orgId: connection.orgId,
    projectId: connection.projectId,
    createdAt: new Date(connection.createdAt).toISOString(),
    updatedAt: new Date(connection.updatedAt).toISOString(),
    isPlatformManagedCredentials: false,
    gatewayId: null,
    credentialsHash: connection.credentialsHash,
    ...(listed ? { project: listed.project ? { id: listed.project.id, name: listed.project.name, type: listed.project.type, slug: listed.project.slug } : null } : {}),
    app: connection.app,
    method: connection.method,
    credentials: {},
  };
}

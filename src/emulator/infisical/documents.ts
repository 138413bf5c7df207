import type { AppConnection, Project } from "./model";

/** A connection as Infisical returns it: `credentials` is always `{}`. */
export function connectionResource(connection: AppConnection, project: Project | undefined): Record<string, unknown> {
  return {
    id: connection.id,
    name: connection.name,
    description: connection.description,
    version: connection.version,
    orgId: connection.orgId,
    projectId: connection.projectId,
    createdAt: new Date(connection.createdAt).toISOString(),
    updatedAt: new Date(connection.updatedAt).toISOString(),
    isPlatformManagedCredentials: false,
    gatewayId: null,
    credentialsHash: connection.credentialsHash,
    project: project ? { id: project.id, name: project.name, type: project.type, slug: project.slug } : null,
    app: connection.app,
    method: connection.method,
    credentials: {},
  };
}

import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";

type Server = HttpServer | HttpsServer;

/** Emulators listen on loopback only. */
export const LOOPBACK = "127.0.0.1";

/** Starts listening on 127.0.0.1 and resolves to the bound port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("server has no TCP address"));
      else resolve(address.port);
    });
  });
}

/** Closes a server, dropping keep-alive and in-flight connections instead of waiting for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

import { createServer, type Server } from "node:http";
import type { LocalApi } from "./create-local-api.ts";

/**
 * Node's HTTP server for the local API (not yet listening). A request without a Host header is left to the
 * API's guard, so it is refused like any foreign Host — HOST_FORBIDDEN with a problem document — rather than
 * with Node's bare 400.
 */
export function createLocalApiServer(api: LocalApi): Server {
  const server = createServer({ requireHostHeader: false }, (request, response) => {
    void api.handleRequest(request, response);
  });
  server.on("upgrade", api.handleUpgrade);
  return server;
}

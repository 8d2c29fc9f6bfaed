import type { IncomingMessage, ServerResponse } from "node:http";
import { IDEMPOTENCY_HEADER, PROTOCOL_HEADER } from "@multiclaw/protocol";
import cors from "cors";

/** Whether a CORS preflight was answered here, or the request goes on to its route. */
export type CorsOutcome = "answered" | "continue";

/**
 * CORS for the configured origins (the App's own), by name: never a wildcard, since the API answers with the
 * user's work. Requests from any other origin never get here (request-guard.ts refuses them first).
 */
export function createCorsPolicy(
  allowedOrigins: readonly string[],
): (request: IncomingMessage, response: ServerResponse) => Promise<CorsOutcome> {
  const middleware = cors({
    origin: [...allowedOrigins],
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    // The idempotency key and the answer headers below are the Cloud's, for the App's calls through `/cloud`.
    allowedHeaders: ["authorization", "content-type", PROTOCOL_HEADER, IDEMPOTENCY_HEADER],
    exposedHeaders: ["retry-after", "idempotent-replayed"],
    maxAge: 600,
  });
  return (request, response) =>
    new Promise((resolve, reject) => {
      // A preflight is answered (204) without calling on; anything else calls on with the headers set.
      const answered = () => resolve("answered");
      response.once("finish", answered);
      middleware(request, response, (error?: unknown) => {
        response.off("finish", answered);
        if (error) reject(error);
        else resolve("continue");
      });
    });
}

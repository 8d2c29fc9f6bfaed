import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  errorCodes,
  GATEWAY_STREAM_PATH,
  PROBLEM_CONTENT_TYPE,
  PROTOCOL_HEADER,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@multiclaw/protocol";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { tokenMatches } from "./api-token.ts";
import { createGatewayRouteBinder } from "./bind-gateway-routes.ts";
import { bindConnectionHandlers } from "./connection-handlers.ts";
import { bindConversationHandlers } from "./conversation-handlers.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { LocalApiError, toLocalApiError } from "./local-api-error.ts";
import { problemBody, problemResponse } from "./problem.ts";
import { limitBodies, readBodyText } from "./request-body.ts";
import { normaliseOrigins, type RequestGuardSettings, refusalOf } from "./request-guard.ts";
import { bindRunHandlers } from "./run-handlers.ts";
import { createRunStream, type RunStream, type RunStreamTuning } from "./run-stream.ts";
import { bindStatusHandlers } from "./status-handlers.ts";

export interface LocalApiSettings {
  /** The bearer token every request (but the health check) and every stream hello must carry. */
  token: string;
  /** The port the API listens on, for the Host check; a function when it is known only once bound. */
  port: number | (() => number);
  /** Origins whose pages may call the API (the App's own); none by default. */
  allowedOrigins?: readonly string[];
  /** Largest request body; 2 MiB by default (an edited plan of 100 long steps fits). */
  bodyLimitBytes?: number;
  logger: Logger;
  stream?: Partial<RunStreamTuning>;
}

export interface LocalApi {
  /** The HTTP API; give `app.fetch` to the server. */
  app: Hono;
  /** Give it the server's `upgrade` events: the run-event stream on `GATEWAY_STREAM_PATH`, after the guard. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  stream: RunStream;
  /** Closes the stream's connections (the HTTP server is the caller's). */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The gateway's local API: REST for state and a WebSocket for run events, both behind the same guard — the Host
 * must be this gateway on loopback, a browser page must come from an allowed origin, and every call carries the
 * token from the 0600 token file.
 *
 * @example
 * const api = createLocalApi(deps, { token, port: 4801, logger });
 * const server = createAdaptorServer({ fetch: api.app.fetch });
 * server.on("upgrade", api.handleUpgrade);
 */
export function createLocalApi(deps: LocalApiDeps, settings: LocalApiSettings): LocalApi {
  const { port } = settings;
  const guard: RequestGuardSettings = {
    port: typeof port === "number" ? () => port : port,
    allowedOrigins: normaliseOrigins(settings.allowedOrigins ?? []),
  };
  const acceptsToken = (token: string) => tokenMatches(settings.token, token);
  const bodyLimitBytes = settings.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: false,
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-origin",
    }),
  );
  app.use(async (context, next) => {
    const refusal = refusalOf(
      {
        host: context.req.header("host"),
        origin: context.req.header("origin"),
        secFetchSite: context.req.header("sec-fetch-site"),
      },
      guard,
    );
    if (refusal) throw refusal;
    await next();
    if (!context.res.headers.has("cache-control")) context.res.headers.set("cache-control", "no-store");
  });
  if (guard.allowedOrigins.length > 0) {
    // Only the configured origins, by name: never a wildcard, since the API answers with the user's work.
    app.use(
      cors({
        origin: (origin) => (guard.allowedOrigins.includes(origin) ? origin : null),
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        allowHeaders: ["authorization", "content-type", PROTOCOL_HEADER],
        maxAge: 600,
      }),
    );
  }
  const tooLarge = () => new LocalApiError("BODY_TOO_LARGE", `Bodies are limited to ${bodyLimitBytes} bytes`);
  app.use(limitBodies(bodyLimitBytes, tooLarge));
  app.use(async (context, next) => {
    const requested = context.req.header(PROTOCOL_HEADER);
    if (requested !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(Number(requested))) {
      throw new LocalApiError(
        "PROTOCOL_UNSUPPORTED",
        `This gateway speaks protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}; update the client`,
      );
    }
    await next();
  });

  const binder = createGatewayRouteBinder({
    app,
    acceptsToken,
    readBody: (context) => readBodyText(context, bodyLimitBytes, tooLarge),
  });
  bindStatusHandlers(binder, deps);
  bindConversationHandlers(binder, deps);
  bindRunHandlers(binder, deps);
  bindConnectionHandlers(binder, deps);
  const unbound = binder.unbound();
  if (unbound.length > 0) throw new Error(`local API routes without a handler: ${unbound.join(", ")}`);

  app.notFound(() => problemResponse(new LocalApiError("NOT_FOUND", "No such route")));
  app.onError((error, context) => {
    const known = toLocalApiError(error instanceof HTTPException && error.cause ? error.cause : error);
    if (known) return problemResponse(known, challengeFor(known));
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(
        new LocalApiError(error.status === 413 ? "BODY_TOO_LARGE" : "BAD_REQUEST", error.message),
      );
    }
    settings.logger.error(
      { err: error, method: context.req.method, path: context.req.path },
      "local API error",
    );
    return problemResponse(new LocalApiError("INTERNAL"));
  });

  const stream = createRunStream({
    engine: deps.engine,
    store: deps.store,
    acceptsToken,
    logger: settings.logger,
    ...(settings.stream ? { tuning: settings.stream } : {}),
  });

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== GATEWAY_STREAM_PATH) {
      refuseUpgrade(socket, new LocalApiError("NOT_FOUND", "No such stream"));
      return;
    }
    const refusal = refusalOf(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        secFetchSite: headerOf(request, "sec-fetch-site"),
      },
      guard,
    );
    if (refusal) refuseUpgrade(socket, refusal);
    else stream.handleUpgrade(request, socket, head);
  }

  return { app, handleUpgrade, stream, close: () => stream.close() };
}

function challengeFor(error: LocalApiError): Record<string, string> {
  return error.code === "AUTH_REQUIRED" || error.code === "AUTH_INVALID"
    ? { "www-authenticate": 'Bearer realm="multiclaw-gateway"' }
    : {};
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers a refused upgrade with a problem document over plain HTTP, then closes. */
function refuseUpgrade(socket: Duplex, error: LocalApiError): void {
  const body = JSON.stringify(problemBody(error));
  socket.on("error", () => {});
  socket.end(
    `HTTP/1.1 ${errorCodes[error.code].httpStatus} ${error.code}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Cache-Control: no-store\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

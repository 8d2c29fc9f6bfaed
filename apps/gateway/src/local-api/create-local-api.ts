import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import {
  errorCodes,
  GATEWAY_API_PREFIX,
  GATEWAY_CLOUD_PREFIX,
  GATEWAY_STREAM_PATH,
  PROBLEM_CONTENT_TYPE,
  PROTOCOL_HEADER,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@multiclaw/protocol";
import FindMyWay from "find-my-way";
import type { Logger } from "pino";
import { type AppSessions, createAppSessions } from "../app-session/index.ts";
import { createAppFiles, installedAppDirectory } from "../app-static/index.ts";
import { setAnswerHeaders } from "./answer-headers.ts";
import { tokenMatches } from "./api-token.ts";
import { bindAppSessionHandlers } from "./app-session-handlers.ts";
import { createGatewayRouteBinder, type LocalApiRouter } from "./bind-gateway-routes.ts";
import { bindCloudProxy } from "./cloud-proxy.ts";
import { bindConnectionHandlers } from "./connection-handlers.ts";
import { bindConversationAdminHandlers } from "./conversation-admin-handlers.ts";
import { bindConversationHandlers } from "./conversation-handlers.ts";
import { createCorsPolicy } from "./cors-policy.ts";
import { bindFaviconHandler } from "./favicon-handler.ts";
import { bindLinkPreviewHandlers } from "./link-preview-handlers.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { LocalApiError, toLocalApiError } from "./local-api-error.ts";
import { bindMcpServerHandlers } from "./mcp-server-handlers.ts";
import { answerProblem, problemBody } from "./problem.ts";
import { createRequestAuthenticator } from "./request-auth.ts";
import { declaresTooLarge, readBodyText } from "./request-body.ts";
import { guardedHeadersOf, normaliseOrigins, type RequestGuardSettings, refusalOf } from "./request-guard.ts";
import { bindRunHandlers } from "./run-handlers.ts";
import { createRunStream, type RunStream, type RunStreamTuning } from "./run-stream.ts";
import { bindSkillHandlers } from "./skill-handlers.ts";
import { bindStatusHandlers } from "./status-handlers.ts";
import { bindUpdateHandlers } from "./update-handlers.ts";
import { bindUserHandlers } from "./user-handlers.ts";

export interface LocalApiSettings {
  /**
   * The bearer token every request (but the health check and the App's code exchange) and every stream hello
   * must carry, unless it comes from the App's page with the App's session cookie.
   */
  token: string;
  /** The App's sessions; by default kept in memory only (startLocalApi keeps them in a 0600 file). */
  appSessions?: AppSessions;
  /** The built App (its index.html in it); by default the installed @multiclaw/app's `dist`. */
  appDirectory?: string;
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
  /** Give it the server's `request` events: the REST API. */
  handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Give it the server's `upgrade` events: the run-event stream on `GATEWAY_STREAM_PATH`, after the guard. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  stream: RunStream;
  /** Closes the stream's connections and saves the App's sessions (the HTTP server is the caller's). */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The gateway's local API: REST for state and a WebSocket for run events, both behind the same guard — the Host
 * must be this gateway on loopback, a browser page must come from the gateway's own or an allowed origin, and
 * every call carries the token from the 0600 token file or the App's session cookie. Every other GET serves
 * the App's files (no credential: they hold no secret), under the same Host and origin guard.
 *
 * It is served by Node's own HTTP server, routed by find-my-way, and writes its JSON answers straight to Node's
 * response: no web Request or Response is made per call, and Node's built-in fetch classes (~11 MiB resident on
 * Node 20, ~17 MiB on Node 24, once touched) are never loaded. BENCHMARKS.md has the figures.
 *
 * @example
 * const api = createLocalApi(deps, { token, port: 4801, logger });
 * const server = createServer((request, response) => void api.handleRequest(request, response));
 * server.on("upgrade", api.handleUpgrade);
 */
export function createLocalApi(deps: LocalApiDeps, settings: LocalApiSettings): LocalApi {
  const { port } = settings;
  const guard: RequestGuardSettings = {
    port: typeof port === "number" ? () => port : port,
    allowedOrigins: normaliseOrigins(settings.allowedOrigins ?? []),
  };
  const acceptsToken = (token: string) => tokenMatches(settings.token, token);
  const sessions =
    settings.appSessions ?? createAppSessions({ now: Date.now, logger: settings.logger, file: null });
  const auth = createRequestAuthenticator({ acceptsToken, sessions });
  const appDirectory = settings.appDirectory;
  const appFiles = createAppFiles({
    directory: appDirectory === undefined ? installedAppDirectory : () => appDirectory,
    port: guard.port,
  });
  const bodyLimitBytes = settings.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const tooLarge = () => new LocalApiError("BODY_TOO_LARGE", `Bodies are limited to ${bodyLimitBytes} bytes`);
  const refusalFor = (request: IncomingMessage) => refusalOf(guardedHeadersOf(request), guard);
  const corsPolicy = guard.allowedOrigins.length > 0 ? createCorsPolicy(guard.allowedOrigins) : null;

  const router: LocalApiRouter = FindMyWay({
    onBadUrl: () => {
      throw new LocalApiError("BAD_REQUEST", "The URL is not well formed");
    },
  });
  const readBody = (request: IncomingMessage) => readBodyText(request, bodyLimitBytes, tooLarge);
  const binder = createGatewayRouteBinder({ router, authenticate: auth.authenticate, readBody });
  bindStatusHandlers(binder, deps);
  bindMcpServerHandlers(binder, deps);
  bindConversationHandlers(binder, deps);
  bindConversationAdminHandlers(binder, deps);
  bindRunHandlers(binder, deps);
  bindConnectionHandlers(binder, deps);
  bindUserHandlers(binder, deps);
  bindAppSessionHandlers(binder, {
    sessions,
    port: guard.port,
    // The stream is made below; a session can only end once requests arrive.
    sessionEnded: (sessionId) => stream.endAppSession(sessionId),
  });
  bindCloudProxy({ router, authenticate: auth.authenticate, readBody, user: deps.user });
  bindLinkPreviewHandlers(binder, deps);
  bindFaviconHandler({ router, authenticate: auth.authenticate, favicons: deps.favicons });
  bindUpdateHandlers(binder, deps);
  bindSkillHandlers(binder, deps);
  const unbound = binder.unbound();
  if (unbound.length > 0) throw new Error(`local API routes without a handler: ${unbound.join(", ")}`);

  /** Everything a request passes before its route, in order; throws what the edge answers. */
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setAnswerHeaders(request, response);
    const refusal = refusalFor(request);
    if (refusal) throw refusal;
    if (corsPolicy && (await corsPolicy(request, response)) === "answered") return;
    // A chunked body (no length) is counted while it is read (request-body.ts).
    if (declaresTooLarge(request, bodyLimitBytes)) throw tooLarge();
    const requested = headerOf(request, PROTOCOL_HEADER);
    if (requested !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(Number(requested))) {
      throw new LocalApiError(
        "PROTOCOL_UNSUPPORTED",
        `This gateway speaks protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}; update the client`,
      );
    }
    const found = router.find(request.method as FindMyWay.HTTPMethod, request.url ?? "/");
    if (found !== null) {
      await found.handler(request, response, found.params, found.store, found.searchParams);
      return;
    }
    if (servesApp(request) && (await appFiles.serve(request, response)) === "served") return;
    throw new LocalApiError("NOT_FOUND", "No such route");
  }

  /** The one place an error becomes an answer: a stable code, and nothing of an unexpected error's message. */
  function answerError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    const known = toLocalApiError(error);
    if (!known) {
      settings.logger.error(
        { err: error, method: request.method, path: (request.url ?? "/").split("?")[0] },
        "local API error",
      );
    }
    if (response.headersSent) {
      // Too late for a problem document: end the exchange so the client sees it failed.
      response.destroy();
      return;
    }
    const answered = known ?? new LocalApiError("INTERNAL");
    answerProblem(response, answered, problemHeadersFor(answered));
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await serve(request, response);
    } catch (error) {
      answerError(request, response, error);
    }
  }

  const stream = createRunStream({
    engine: deps.engine,
    store: deps.store,
    acceptsToken,
    appSessionOf: auth.appSessionOf,
    workspaceFeed: deps.workspaceFeed,
    followWorkspace: deps.followWorkspace,
    logger: settings.logger,
    ...(settings.stream ? { tuning: settings.stream } : {}),
  });

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== GATEWAY_STREAM_PATH) {
      refuseUpgrade(socket, new LocalApiError("NOT_FOUND", "No such stream"));
      return;
    }
    const refusal = refusalFor(request);
    if (refusal) refuseUpgrade(socket, refusal);
    else stream.handleUpgrade(request, socket, head);
  }

  return {
    handleRequest,
    handleUpgrade,
    stream,
    async close() {
      await stream.close();
      await sessions.flush();
    },
  };
}

/** A GET or HEAD outside the API's and the Cloud proxy's paths: the App's (an unknown API path stays a problem). */
function servesApp(request: IncomingMessage): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  return ![GATEWAY_API_PREFIX, GATEWAY_CLOUD_PREFIX].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}

/** The bearer challenge of an auth refusal, and when to retry a refusal passed on from the Cloud. */
function problemHeadersFor(error: LocalApiError): Record<string, string> {
  const retryAfter: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) };
  return error.code === "AUTH_REQUIRED" || error.code === "AUTH_INVALID"
    ? { "www-authenticate": 'Bearer realm="multiclaw-gateway"', ...retryAfter }
    : retryAfter;
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

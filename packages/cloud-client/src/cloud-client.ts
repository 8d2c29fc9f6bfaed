import {
  type CloudRouteName,
  cloudRoutes,
  type PreparedRouteRequest,
  prepareRouteRequest,
  type RouteDefinition,
  type RouteRequestParts,
  readRouteAnswer,
} from "@multiclaw/protocol";
import { CloudError, errorFromFailedRequest, errorFromResponse } from "./cloud-error.ts";
import type { CallArgs, CallInput, CloudExchange, RouteResponse } from "./route-types.ts";
import type { TokenSource } from "./token-source.ts";

/** The `fetch` the client uses: the platform's, or one bound to the egress guard's dispatcher. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/**
 * How calls authenticate: a token source (a bearer header, refreshed once on AUTH_EXPIRED), or
 * `"session-cookie"` for the App's page, which calls the Cloud through its gateway's `/cloud` on its own origin:
 * no Authorization header at all, the browser's same-origin session cookie authenticates, and an AUTH_EXPIRED
 * is the caller's to handle (the gateway has already refreshed the user's token if it could).
 */
export type CloudAuth = TokenSource | "session-cookie";

export interface CloudClientOptions {
  /** The Cloud's origin, e.g. `https://api.multiclaw.io` or `http://127.0.0.1:4800`. */
  baseUrl: string;
  fetch: FetchFunction;
  /** Required for every route whose `auth` is not `none`. */
  auth?: CloudAuth;
  /** How long one request may take before it fails with UNAVAILABLE; 30 s by default. */
  timeoutMs?: number;
}

/**
 * A typed client of the Cloud API, generated from the protocol's route table: one `call` whose route name
 * fixes the input and the answer's type. Inputs are checked with the route's schemas before sending, answers
 * are parsed with its response schema, and every failure is a `CloudError` with the problem's stable code.
 *
 * @example
 * const cloud = createCloudClient({ baseUrl, fetch, auth: tokens });
 * const task = await cloud.call("transitionTask", {
 *   params: { workspaceId, taskId },
 *   body: { to: "planning" },
 *   idempotencyKey: "tsk_…:planning:1",
 * });
 */
export interface CloudClient {
  readonly baseUrl: string;
  /** Calls a route and returns its parsed answer (throws on 304; use `exchange` for conditional requests). */
  call<N extends CloudRouteName>(name: N, ...args: CallArgs<N>): Promise<RouteResponse<N>>;
  /** Calls a route and returns the answer with its status, ETag and headers; `body` is null on 304. */
  exchange<N extends CloudRouteName>(name: N, ...args: CallArgs<N>): Promise<CloudExchange<N>>;
  /** The same client with another token source, the session cookie, or neither. */
  withAuth(auth: CloudAuth | undefined): CloudClient;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function requestSignal(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

async function readAnswer(name: string, route: RouteDefinition, response: Response): Promise<unknown> {
  if (response.status === 304) return null;
  const answer = await readRouteAnswer(route, response);
  if (answer.ok) return answer.value;
  throw new CloudError("INTERNAL", `${name}: the Cloud's ${answer.problem}`, {
    status: response.status,
    retryable: false,
    cause: answer.cause,
  });
}

function isFailure(response: Response): boolean {
  return !response.ok && response.status !== 304;
}

/** Creates a client. It holds no connection and no state beyond its options. */
export function createCloudClient(options: CloudClientOptions): CloudClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function send(
    name: string,
    request: PreparedRouteRequest,
    token: string | null,
    signal?: AbortSignal,
  ) {
    const headers =
      token === null ? request.headers : { ...request.headers, authorization: `Bearer ${token}` };
    try {
      return await options.fetch(request.url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        // Said outright, though it is fetch's default: the cookie goes to the page's own origin and nowhere else.
        ...(options.auth === "session-cookie" ? { credentials: "same-origin" as const } : {}),
        signal: requestSignal(timeoutMs, signal),
        // Never follow a redirect with a bearer token to wherever it points.
        redirect: "error",
      });
    } catch (error) {
      throw errorFromFailedRequest(error, name);
    }
  }

  async function exchange(name: CloudRouteName, input: CallInput<CloudRouteName> | undefined) {
    const route: RouteDefinition = cloudRoutes[name];
    const parts = (input ?? {}) as RouteRequestParts & { signal?: AbortSignal };
    const prepared = prepareRouteRequest(options.baseUrl, name, route, parts);
    if (!prepared.ok) {
      // Refused before sending anything, so the error has no status.
      throw new CloudError("VALIDATION_FAILED", prepared.message, { fieldProblems: prepared.fieldProblems });
    }
    const tokens = options.auth === "session-cookie" ? undefined : options.auth;
    let token: string | null = null;
    if (route.auth !== "none") {
      if (!options.auth) throw new CloudError("AUTH_REQUIRED", `${name} needs a signed-in client`);
      if (tokens) token = await tokens.accessToken();
    }
    let response = await send(name, prepared.request, token, parts.signal);
    if (isFailure(response)) {
      const error = await errorFromResponse(response);
      // An access token can expire between the check and the call (or a clock is off): refresh once.
      if (error.code !== "AUTH_EXPIRED" || !tokens || token === null) throw error;
      token = await tokens.expired(token);
      response = await send(name, prepared.request, token, parts.signal);
      if (isFailure(response)) throw await errorFromResponse(response);
    }
    return {
      status: response.status,
      body: await readAnswer(name, route, response),
      etag: response.headers.get("etag"),
      headers: response.headers,
    };
  }

  return {
    baseUrl: options.baseUrl,
    exchange: ((name: CloudRouteName, input?: CallInput<CloudRouteName>) =>
      exchange(name, input)) as CloudClient["exchange"],
    call: (async (name: CloudRouteName, input?: CallInput<CloudRouteName>) => {
      const answer = await exchange(name, input);
      if (answer.status === 304) {
        const message = `${name}: 304 Not Modified; use exchange() for conditional calls`;
        throw new CloudError("BAD_REQUEST", message, { status: 304 });
      }
      return answer.body;
    }) as CloudClient["call"],
    withAuth: (auth) => createCloudClient({ ...options, auth }),
  };
}

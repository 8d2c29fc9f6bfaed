import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import type { FetchFunction, OpenWebSocket, WebSocketLike } from "@multiclaw/cloud-client";
import { undiciFetch } from "@multiclaw/egress/node";
import type { Dispatcher } from "undici";
import WebSocket from "ws";

/** The largest event frame accepted: events are small coordination records. */
const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * A fetch whose every connection goes through `dispatcher` (the egress guard's). undici's own fetch is used
 * rather than the global one, so the dispatcher and the fetch are the same undici version.
 */
export function dispatcherFetch(dispatcher: Dispatcher): FetchFunction {
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}

/**
 * Opens the event stream with the `ws` package through the given agents (the egress guard's), picking the
 * agent by scheme. Redirects are not followed: the stream's URL is configuration, not something a server
 * may move.
 */
export function agentWebSocket(agents: { httpAgent: HttpAgent; httpsAgent: HttpsAgent }): OpenWebSocket {
  return (url) =>
    new WebSocket(url, {
      agent: url.startsWith("wss:") ? agents.httpsAgent : agents.httpAgent,
      followRedirects: false,
      maxPayload: MAX_FRAME_BYTES,
    }) satisfies WebSocketLike;
}

/*
 * @multiclaw/cloud-client: the typed client of the Cloud API and its event stream. Browser-safe — no Node
 * built-ins — so the gateway and the app share it; each passes its own fetch and WebSocket. The pieces it
 * shares with the gateway's client (backoff, the WebSocket it accepts, field problems) come from the protocol
 * package and are re-exported here, so a caller needs only this package.
 */
export {
  type BackoffPolicy,
  backoffDelay,
  type FieldProblem,
  type OpenWebSocket,
  socketStates,
  type WebSocketLike,
  type WebSocketLikeEventMap,
} from "@multiclaw/protocol";
export { defaultBackoff } from "./backoff.ts";
export {
  type CloudAuth,
  type CloudClient,
  type CloudClientOptions,
  createCloudClient,
  type FetchFunction,
} from "./cloud-client.ts";
export {
  CloudError,
  type CloudErrorOptions,
  errorFromFailedRequest,
  errorFromResponse,
  isCloudError,
} from "./cloud-error.ts";
export {
  type EventConnection,
  type EventConnectionOptions,
  openEventConnection,
} from "./event-connection.ts";
export {
  createRefreshingTokenSource,
  type RefreshingTokenSource,
  type RefreshingTokenSourceOptions,
} from "./refreshing-token-source.ts";
export type { CallArgs, CallInput, CallOptions, CloudExchange, RouteResponse } from "./route-types.ts";
export {
  classifyStreamClose,
  type StreamCloseAction,
  type StreamEnd,
  type StreamStopReason,
} from "./stream-close.ts";
export { systemTimers, type Timers } from "./timers.ts";
export { staticTokenSource, type TokenSource } from "./token-source.ts";

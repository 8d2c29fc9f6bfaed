/*
 * @multiclaw/gateway-client: the typed client of the gateway's local API and its run-event stream, used by the
 * CLI and the App. Browser-safe — no Node built-ins — so each caller passes its own fetch and WebSocket.
 */

export {
  errorFromResponse,
  type FieldProblem,
  GatewayApiError,
  type GatewayApiErrorOptions,
  isGatewayApiError,
} from "./gateway-api-error.ts";
export {
  createGatewayClient,
  type FetchFunction,
  type GatewayClient,
  type GatewayClientOptions,
} from "./gateway-client.ts";
export { type BackoffPolicy, defaultStreamBackoff, reconnectDelay } from "./reconnect-delay.ts";
export type { CallArgs, CallInput, CallOptions, RouteResponse } from "./route-types.ts";
export {
  type RunEventStreamStatus,
  type RunEventSubscription,
  type RunEventSubscriptionOptions,
  subscribeRunEvents,
} from "./run-event-subscription.ts";
export {
  type OpenWebSocket,
  socketStates,
  type WebSocketLike,
  type WebSocketLikeEventMap,
} from "./websocket-like.ts";

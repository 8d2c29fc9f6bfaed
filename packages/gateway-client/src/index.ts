/*
 * @multiclaw/gateway-client: the typed client of the gateway's local API and its run-event stream, used by the
 * CLI and the App. Browser-safe — no Node built-ins — so each caller passes its own fetch and WebSocket. The
 * pieces it shares with the Cloud's client (backoff, the WebSocket it accepts, field problems) come from the
 * protocol package and are re-exported here, so a caller needs only this package.
 */

export {
  type BackoffPolicy,
  type FieldProblem,
  type OpenWebSocket,
  socketStates,
  type WebSocketLike,
  type WebSocketLikeEventMap,
} from "@multiclaw/protocol";
export {
  errorFromResponse,
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
export { defaultStreamBackoff, reconnectDelay } from "./reconnect-delay.ts";
export type { CallArgs, CallInput, CallOptions, RouteResponse } from "./route-types.ts";
export {
  type RunEventStreamStatus,
  type RunEventSubscription,
  type RunEventSubscriptionOptions,
  subscribeRunEvents,
} from "./run-event-subscription.ts";
export {
  subscribeWorkspaceEvents,
  type WorkspaceEventStreamStatus,
  type WorkspaceEventSubscription,
  type WorkspaceEventSubscriptionOptions,
  type WorkspaceRelayState,
} from "./workspace-event-subscription.ts";

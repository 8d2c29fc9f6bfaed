/*
 * The gateway's link to its Cloud: sign-in with the device credential, config sync, heartbeats, the event
 * stream and task reports.
 */
export {
  type CloudLink,
  type CloudLinkDeps,
  type CloudLinkSettings,
  createCloudLink,
  defaultCloudLinkSettings,
  type TaskFeedEvent,
  type TaskListener,
} from "./cloud-link.ts";
export type { Changes, ConfigChange } from "./config-change.ts";
export type { ConfigListener, ConfigView, GatewayConfig, ProviderKeyEntry } from "./config-state.ts";
export type { KeyValueState } from "./event-position.ts";
export type { LinkLogger } from "./link-logger.ts";
export type { CloudLinkState, LinkError, LinkStateListener, OfflineReason } from "./link-status.ts";
export type { LogoutResult } from "./logout.ts";
export { agentWebSocket, dispatcherFetch } from "./node-transport.ts";
export type { ReportTaskState, TaskReportOptions, TaskTransition } from "./task-reports.ts";

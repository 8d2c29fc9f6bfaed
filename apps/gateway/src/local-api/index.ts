/*
 * The gateway's local API: what the composition wires (deps in, a running server out). Everything else in this
 * folder is internal to it.
 */
export { ensureApiToken, tokenMatches } from "./api-token.ts";
export {
  createConnectionControl,
  type EgressView,
  toConnectionLogEntry,
  toConnectionRow,
} from "./connection-control.ts";
export { createLocalApi, type LocalApi, type LocalApiSettings } from "./create-local-api.ts";
export type {
  CloudForwardAnswer,
  CloudForwardRequest,
  CloudReport,
  ConnectionControl,
  EngineOperations,
  LocalApiDeps,
  RunReads,
  UserControl,
} from "./local-api-deps.ts";
export { LocalApiError } from "./local-api-error.ts";
export { GATEWAY_PORT_VARIABLE, LOCAL_API_HOST, resolveLocalApiPort } from "./local-api-port.ts";
export { defaultRunStreamTuning, type RunStream, type RunStreamTuning } from "./run-stream.ts";
export { type RunningLocalApi, type StartLocalApiOptions, startLocalApi } from "./start-local-api.ts";

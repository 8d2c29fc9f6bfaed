import type { CliGatewayPaths } from "./gateway-paths.ts";
export interface GatewayProcessOptions {
  paths: CliGatewayPaths;
  /** The local API's origin, e.g. http://127.0.0.1:4801. */
  apiOrigin: string;
  env?: NodeJS.ProcessEnv;
  /** How long start waits for the API to answer. */
  startTimeoutMs?: number;
}
/**
 * The environment the gateway process starts with: the caller's, plus the gateway's process tunables
 * (apps/gateway/bin/process-env.json, read by the C library at start), unless the caller set them.
 */
export declare function gatewayProcessEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** The pid in the pid file if that process is alive. */
export declare function runningGatewayPid(paths: CliGatewayPaths): number | undefined;
/** Whether the local API answers its health check. */
export declare function gatewayAnswers(apiOrigin: string): Promise<boolean>;
/**
 * Starts the gateway in the background unless it already runs. Resolves with its pid once the local API
 * answers; rejects with the tail of its log if it exits or does not come up in time.
 */
export declare function startGatewayProcess(options: GatewayProcessOptions): Promise<{
  pid: number;
  alreadyRunning: boolean;
}>;
/** Stops the gateway (SIGTERM, then SIGKILL after the timeout). Resolves false if it was not running. */
export declare function stopGatewayProcess(paths: CliGatewayPaths, timeoutMs?: number): Promise<boolean>;

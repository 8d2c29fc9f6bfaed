import type { CloudClient } from "@multiclaw/cloud-client";
import type { GatewayClient } from "@multiclaw/gateway-client";
import type { CliOutput, InputStream, OutputStream } from "./cli-output.ts";
import type { CliGatewayPaths } from "./gateway-paths.ts";
import {
  type GatewayProcessOptions,
  gatewayAnswers,
  runningGatewayPid,
  startGatewayProcess,
  stopGatewayProcess,
} from "./gateway-process.ts";

/** Starting and finding the background gateway; tests pass their own. */
export interface GatewayProcessControl {
  start(options: GatewayProcessOptions): Promise<{ pid: number; alreadyRunning: boolean }>;
  /** Resolves false when it was not running. */
  stop(paths: CliGatewayPaths): Promise<boolean>;
  runningPid(paths: CliGatewayPaths): number | undefined;
  /** Whether a gateway answers the health check at this origin. */
  answers(apiOrigin: string): Promise<boolean>;
}

export const backgroundGatewayProcess: GatewayProcessControl = {
  start: startGatewayProcess,
  stop: (paths) => stopGatewayProcess(paths),
  runningPid: runningGatewayPid,
  answers: gatewayAnswers,
};

/** What every command gets: its terminal, its environment and the way to its gateway. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly out: CliOutput;
  readonly stdin: InputStream;
  /** Where interactive prompts draw (a hidden key prompt), so stdout stays the command's result. */
  readonly stderr: OutputStream;
  /** Aborted on Ctrl-C: waiting stops, `chat` cancels its run. */
  readonly signal: AbortSignal;
  /** What a prompt calls when the user presses Ctrl-C while it holds the terminal. */
  interrupt(): void;
  readonly paths: CliGatewayPaths;
  /** The local API's origin, from MULTICLAW_GATEWAY_PORT (throws a CliError naming it when it is bad). */
  apiOrigin(): string;
  /** A client of the running gateway; a clear CliError when none runs. */
  connect(): Promise<GatewayClient>;
  /**
   * The Cloud as the gateway's signed-in user (`keys`, `agents`, `tasks`, `team`): the gateway forwards
   * `/cloud/*` with the user's access token (user-cloud.ts). A clear CliError when no gateway runs.
   */
  userCloud(): Promise<CloudClient>;
  readonly gatewayProcess: GatewayProcessControl;
  readonly loginPollIntervalMs: number;
  /** The command's exit code; 0 unless a command sets it or throws. */
  exitCode: number;
}

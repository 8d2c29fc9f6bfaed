import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";

/*
 * Where the gateway keeps the files the CLI needs (its API token, pid file and log). The gateway owns this
 * layout (apps/gateway/src/paths.ts); apps do not import each other, so it is mirrored here and a test keeps
 * the two equal.
 */
export interface CliGatewayPaths {
  readonly apiTokenFile: string;
  /** The App's sessions (hashes only); the CLI reads none of it, the mirror keeps the layout whole. */
  readonly appSessionsFile: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export function cliGatewayPaths(env: NodeJS.ProcessEnv = process.env): CliGatewayPaths {
  const home = env.MULTICLAW_HOME;
  let platform: ReturnType<typeof envPaths> | undefined;
  if (!home) {
    try {
      platform = envPaths("multiclaw", { suffix: "" });
    } catch {
      platform = undefined;
    }
  }
  const fallback = join(homedir(), ".multiclaw");
  const configDir = join(home ?? platform?.config ?? fallback, "gateway");
  const stateDir = join(home ?? platform?.log ?? fallback, "gateway");
  return {
    apiTokenFile: join(configDir, "api-token"),
    appSessionsFile: join(configDir, "app-sessions.json"),
    pidFile: join(stateDir, "gateway.pid"),
    logFile: join(stateDir, "gateway.log"),
  };
}

import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";

/*
 * Where the gateway keeps its files. `MULTICLAW_HOME` puts everything under one directory (tests, the embedded
 * all-in-one, portable installs); otherwise the XDG directories of the platform: the credential in the config
 * directory, the database in the data directory, logs and the pid file in the state directory.
 * The CLI finds the gateway by these same paths (apps/cli/src/gateway-paths.ts mirrors this file; a test keeps
 * them equal).
 */
export interface GatewayPaths {
  /** 0700: the device credential, the local API token and the App's sessions. */
  readonly configDir: string;
  readonly credentialsFile: string;
  readonly apiTokenFile: string;
  /** Hashes of the App's session ids and when each ends. */
  readonly appSessionsFile: string;
  /** 0700: the local database. */
  readonly dataDir: string;
  readonly databaseFile: string;
  /** The agents' workspace directories (the file tools' roots). */
  readonly agentsDir: string;
  readonly stateDir: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export function gatewayPaths(env: NodeJS.ProcessEnv = process.env): GatewayPaths {
  const home = env.MULTICLAW_HOME;
  const platform = home ? undefined : safeEnvPaths();
  const configDir = join(home ?? platform?.config ?? join(homedir(), ".multiclaw"), "gateway");
  const dataDir = join(home ?? platform?.data ?? join(homedir(), ".multiclaw"), "gateway");
  const stateDir = join(home ?? platform?.log ?? join(homedir(), ".multiclaw"), "gateway");
  return {
    configDir,
    credentialsFile: join(configDir, "credentials.json"),
    apiTokenFile: join(configDir, "api-token"),
    appSessionsFile: join(configDir, "app-sessions.json"),
    dataDir,
    databaseFile: join(dataDir, "gateway.db"),
    agentsDir: join(dataDir, "agents"),
    stateDir,
    pidFile: join(stateDir, "gateway.pid"),
    logFile: join(stateDir, "gateway.log"),
  };
}

function safeEnvPaths() {
  try {
    return envPaths("multiclaw", { suffix: "" });
  } catch {
    return undefined;
  }
}

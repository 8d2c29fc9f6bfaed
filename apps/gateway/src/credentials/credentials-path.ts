import { join, resolve } from "node:path";
import envPaths from "env-paths";

/**
 * The gateway's configuration directory: `$MULTICLAW_HOME/gateway` when MULTICLAW_HOME is set (the same home
 * the embedded Cloud uses), else `multiclaw/gateway` in the platform's config directory
 * (`$XDG_CONFIG_HOME/multiclaw/gateway`, `~/.config/multiclaw/gateway` on Linux). `env` supplies
 * MULTICLAW_HOME; env-paths reads the platform's variables from the process environment.
 */
export function gatewayConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.MULTICLAW_HOME;
  if (home) return join(resolve(home), "gateway");
  return join(envPaths("multiclaw", { suffix: "" }).config, "gateway");
}

/** Where the device credential lives: `<gateway config dir>/credentials.json`. */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(gatewayConfigDir(env), "credentials.json");
}

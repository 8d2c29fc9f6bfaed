/*
 * The environment of every process the agent starts (shell commands, stdio MCP servers) is built here from an
 * allow-list, never by copying the gateway's own environment: provider keys and tokens the gateway holds must
 * not reach a child, and a variable that is not named here does not.
 */

/** Variables a child may inherit: what a shell and ordinary programs need to find tools and print text. */
export const inheritedEnvNames = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TERM",
  "TZ",
  "TMPDIR",
] as const;

const fallbackPath = "/usr/local/bin:/usr/bin:/bin";

/**
 * A minimal environment: the allow-listed names taken from `source`, then `extra` on top (a server's own
 * configured variables). Values that look like exported shell functions are skipped (Shellshock-style input).
 *
 * @example minimalChildEnv(process.env, { LOG_LEVEL: "debug" })
 */
export function minimalChildEnv(
  source: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inheritedEnvNames) {
    const value = source[name];
    if (value !== undefined && !value.startsWith("()")) env[name] = value;
  }
  env.PATH ??= fallbackPath;
  return { ...env, ...extra };
}

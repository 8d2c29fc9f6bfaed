import { readFile } from "node:fs/promises";
import { gatewayPaths } from "../paths.ts";

/*
 * What the user-session tests read from a gateway's home: the local API token (to call `/cloud/*` as the CLI
 * would) and the user session file (to check what is on disk, and to spend its refresh token behind the
 * gateway's back).
 */

export async function apiTokenOf(home: string): Promise<string> {
  return (await readFile(gatewayPaths({ MULTICLAW_HOME: home }).apiTokenFile, "utf8")).trim();
}

export function userSessionFileOf(home: string): string {
  return `${gatewayPaths({ MULTICLAW_HOME: home }).configDir}/user-session.json`;
}

export async function storedRefreshTokenOf(home: string): Promise<string> {
  return (JSON.parse(await readFile(userSessionFileOf(home), "utf8")) as { refreshToken: string })
    .refreshToken;
}

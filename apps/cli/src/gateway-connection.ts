import { readFileSync } from "node:fs";
import { createGatewayClient, type GatewayClient, type OpenWebSocket } from "@multiclaw/gateway-client";
import { DEFAULT_GATEWAY_PORT } from "@multiclaw/protocol";
import { WebSocket } from "ws";
import { CliError, gatewayNotRunning } from "./cli-error.ts";
import type { CliGatewayPaths } from "./gateway-paths.ts";

/*
 * How the CLI reaches its gateway: the local API on 127.0.0.1 (port from MULTICLAW_GATEWAY_PORT) with the token
 * from the gateway's 0600 token file. Only loopback, so these are not connections of the egress inventory: the
 * platform's fetch and the `ws` client are used as they are.
 */

export const GATEWAY_PORT_VARIABLE = "MULTICLAW_GATEWAY_PORT";

/** `http://127.0.0.1:<port>`; a bad MULTICLAW_GATEWAY_PORT fails with a message that names it. */
export function gatewayApiOrigin(env: NodeJS.ProcessEnv): string {
  const raw = env[GATEWAY_PORT_VARIABLE];
  if (raw === undefined || raw.trim() === "") return `http://127.0.0.1:${DEFAULT_GATEWAY_PORT}`;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new CliError(
      `${GATEWAY_PORT_VARIABLE} must be a port from 1 to 65535, not ${JSON.stringify(raw)}`,
      {
        code: "VALIDATION_FAILED",
      },
    );
  }
  return `http://127.0.0.1:${port}`;
}

/** The local API token, or undefined when the gateway has not written one yet. */
export function readApiToken(paths: CliGatewayPaths): string | undefined {
  try {
    const token = readFileSync(paths.apiTokenFile, "utf8").trim();
    return token === "" ? undefined : token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read the gateway's API token at ${paths.apiTokenFile}`, {
      code: "AUTH_REQUIRED",
      cause: error,
    });
  }
}

// `ws` delivers text frames as strings to addEventListener listeners, as the stream expects.
const openWebSocket: OpenWebSocket = (url) => new WebSocket(url) as unknown as ReturnType<OpenWebSocket>;

export function gatewayClientFor(apiOrigin: string, token: string | undefined): GatewayClient {
  return createGatewayClient({
    baseUrl: apiOrigin,
    ...(token === undefined ? {} : { token }),
    fetch: (url, init) => fetch(url, init),
    openWebSocket,
  });
}

/**
 * A client for the running gateway. Without a token file it tells apart "no gateway" from "a gateway that is
 * not the one this MULTICLAW_HOME belongs to".
 */
export async function connectGateway(options: GatewayLocation): Promise<GatewayClient> {
  return gatewayClientFor(options.apiOrigin, await apiTokenOrExplain(options));
}

/** Where the gateway of this MULTICLAW_HOME is, and how to tell whether something answers there. */
export interface GatewayLocation {
  apiOrigin: string;
  paths: CliGatewayPaths;
  answers: (apiOrigin: string) => Promise<boolean>;
}

/**
 * The local API's token, or a clear CliError that tells apart "no gateway" from "a gateway that is not the one
 * this MULTICLAW_HOME belongs to".
 */
export async function apiTokenOrExplain(options: GatewayLocation): Promise<string> {
  const token = readApiToken(options.paths);
  if (token !== undefined) return token;
  if (!(await options.answers(options.apiOrigin))) throw gatewayNotRunning(options.apiOrigin);
  throw new CliError(
    `a gateway answers at ${options.apiOrigin}, but there is no API token at ${options.paths.apiTokenFile} ` +
      "(is it running with another MULTICLAW_HOME?)",
    { code: "AUTH_REQUIRED" },
  );
}

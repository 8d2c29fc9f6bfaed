import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { openAppSessions } from "../app-session/index.ts";
import { ensureApiToken } from "./api-token.ts";
import { createLocalApi, type LocalApi } from "./create-local-api.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { GATEWAY_PORT_VARIABLE, requireLoopbackHost, resolveLocalApiPort } from "./local-api-port.ts";
import { createLocalApiServer } from "./local-api-server.ts";
import type { RunStreamTuning } from "./run-stream.ts";

export interface StartLocalApiOptions {
  deps: LocalApiDeps;
  /** Where the bearer token lives (created 0600 in a 0700 directory; an existing valid token is kept). */
  tokenFile: string;
  /** Where the App's sessions survive a restart (hashes only, 0600 beside the token). */
  appSessionsFile: string;
  /** The built App; by default the installed @multiclaw/app's `dist`. */
  appDirectory?: string;
  logger: Logger;
  /** Explicit port; else `MULTICLAW_GATEWAY_PORT`, else 4801. `0` picks a free port. */
  port?: number;
  /** Only `127.0.0.1` is accepted; anything else is refused before a socket is opened. */
  host?: string;
  /** Where `MULTICLAW_GATEWAY_PORT` is read; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Origins whose pages may call the API (the App's own); none by default. */
  allowedOrigins?: readonly string[];
  bodyLimitBytes?: number;
  stream?: Partial<RunStreamTuning>;
}

export interface RunningLocalApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  host: "127.0.0.1";
  port: number;
  tokenFile: string;
  api: LocalApi;
  /** Closes the stream's connections (clients reconnect and resume), then the server and its sockets. */
  close(): Promise<void>;
}

/**
 * Starts the local API on 127.0.0.1: creates (or keeps) the token file, then listens.
 *
 * @example
 * const running = await startLocalApi({ deps, tokenFile: join(home, "gateway", "api-token"), logger });
 * // … later
 * await running.close();
 */
export async function startLocalApi(options: StartLocalApiOptions): Promise<RunningLocalApi> {
  const host = requireLoopbackHost(options.host);
  const requestedPort = resolveLocalApiPort(options.port, options.env ?? process.env);
  const token = await ensureApiToken(options.tokenFile);
  const appSessions = await openAppSessions({
    file: options.appSessionsFile,
    now: Date.now,
    logger: options.logger,
  });
  let boundPort = requestedPort;
  const api = createLocalApi(options.deps, {
    token,
    appSessions,
    ...(options.appDirectory !== undefined ? { appDirectory: options.appDirectory } : {}),
    port: () => boundPort,
    logger: options.logger,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
  });
  const server = createLocalApiServer(api);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${requestedPort} on ${host} is in use (is another gateway running?); set ${GATEWAY_PORT_VARIABLE}`,
              { cause: error },
            )
          : error,
      );
    };
    server.once("error", onError);
    server.listen(requestedPort, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  boundPort = address.port;
  const url = `http://${host}:${boundPort}`;
  options.logger.info({ url }, "local API listening");

  let closing: Promise<void> | null = null;
  return {
    url,
    host,
    port: boundPort,
    tokenFile: options.tokenFile,
    api,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await api.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

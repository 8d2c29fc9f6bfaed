import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { GatewayHealth, HealthResponse } from "@multiclaw/protocol";

/*
 * Who already listens on a port the start wants: nobody, a MultiClaw gateway or Cloud, or some other program.
 * The gateway's health check (`GET /v1/health`, no token) answers `{ ok: true }` whoever asks; its other routes
 * want the bearer token of its data directory, so a gateway that takes this directory's token is this
 * directory's, and one that refuses it (401), or any gateway when this directory has no token yet, is another's.
 * The Cloud's `GET /healthz` answers `{ status: "ok", version }` and nothing tells its data directory.
 */

export type PortHolder =
  | { kind: "nobody" }
  | { kind: "this-gateway" }
  | { kind: "other-gateway" }
  | { kind: "cloud"; version: string }
  | { kind: "other-program" };

const PROBE_TIMEOUT_MS = 1500;

/** Whether anything accepts a TCP connection on 127.0.0.1:`port`. */
export function somethingListens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
  });
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) return { httpStatus: response.status };
    return await response.json();
  } catch {
    return undefined;
  }
}

function readToken(tokenFile: string): string | undefined {
  try {
    return readFileSync(tokenFile, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Who holds the local API's address `apiOrigin` (http://127.0.0.1:<port>), for the data directory of `tokenFile`. */
export async function gatewayPortHolder(apiOrigin: string, tokenFile: string): Promise<PortHolder> {
  const port = Number(new URL(apiOrigin).port);
  if (!(await somethingListens(port))) return { kind: "nobody" };
  if (!GatewayHealth.safeParse(await getJson(`${apiOrigin}/v1/health`)).success) {
    return { kind: "other-program" };
  }
  const token = readToken(tokenFile);
  if (token === undefined) return { kind: "other-gateway" };
  const status = await fetch(`${apiOrigin}/v1/status`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  }).then(
    (response) => response.status,
    () => 0,
  );
  return status === 200 ? { kind: "this-gateway" } : { kind: "other-gateway" };
}

/** Who holds the Cloud's address `url` (http://127.0.0.1:<port>). */
export async function cloudPortHolder(url: string): Promise<PortHolder> {
  const port = Number(new URL(url).port);
  if (!(await somethingListens(port))) return { kind: "nobody" };
  const health = HealthResponse.safeParse(await getJson(`${url}/healthz`));
  return health.success ? { kind: "cloud", version: health.data.version } : { kind: "other-program" };
}

/** `127.0.0.1:4801` from `http://127.0.0.1:4801`. */
export function hostPort(origin: string): string {
  return new URL(origin).host;
}

/** What to tell the user about a gateway port that is taken (undefined when nobody holds it). */
export function gatewayPortTaken(holder: PortHolder, apiOrigin: string): string | undefined {
  const where = hostPort(apiOrigin);
  switch (holder.kind) {
    case "nobody":
      return undefined;
    case "this-gateway":
      return (
        `this data directory's gateway already answers on ${where}, but not as the process in its pid file ` +
        "(it runs in the foreground, or another `multiclaw start` of this data directory runs) — stop it first"
      );
    case "other-gateway":
      return (
        `another MultiClaw gateway is already listening on ${where} (not this data directory's) — stop it, ` +
        "or set MULTICLAW_GATEWAY_PORT"
      );
    default:
      return `${where} is in use by another program (not a MultiClaw gateway) — stop it, or set MULTICLAW_GATEWAY_PORT`;
  }
}

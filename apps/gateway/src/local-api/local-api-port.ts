import { DEFAULT_GATEWAY_PORT } from "@multiclaw/protocol";
import { z } from "zod";

export const GATEWAY_PORT_VARIABLE = "MULTICLAW_GATEWAY_PORT";

const Port = z.coerce.number().int().min(0).max(65_535);

/**
 * The local API's port: the explicit option, else `MULTICLAW_GATEWAY_PORT`, else 4801. `0` picks a free port.
 * A bad value fails at start and the message names both the option and the variable.
 */
export function resolveLocalApiPort(
  option: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): number {
  const raw = option ?? env[GATEWAY_PORT_VARIABLE];
  if (raw === undefined || raw === "") return DEFAULT_GATEWAY_PORT;
  const parsed = Port.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `The local API port (option \`port\` or ${GATEWAY_PORT_VARIABLE}) must be an integer from 0 to 65535, not ${JSON.stringify(raw)}`,
    );
  }
  return parsed.data;
}

/** The one address the local API may listen on. */
export const LOCAL_API_HOST = "127.0.0.1";

/** Refuses any other listen address: the local API must never be reachable from another machine. */
export function requireLoopbackHost(host: string | undefined): typeof LOCAL_API_HOST {
  if (host === undefined || host === LOCAL_API_HOST) return LOCAL_API_HOST;
  throw new Error(
    `The local API listens on ${LOCAL_API_HOST} only; refusing to listen on ${JSON.stringify(host)}`,
  );
}

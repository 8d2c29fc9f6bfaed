import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createGatewayClient } from "@multiclaw/gateway-client";
import type { ConnectionLogEntry } from "@multiclaw/protocol";
import type { RunningProduct } from "./running-product.ts";

/*
 * What the running product's gateway says about its own connections — its ledger and its log — read the way
 * `multiclaw connections log` reads them (the local API with the data directory's token), for a test to hold
 * against what the servers at the other end saw.
 */

export async function connectionLogOf(product: RunningProduct): Promise<ConnectionLogEntry[]> {
  const token = (await readFile(join(product.home, "gateway", "api-token"), "utf8")).trim();
  const client = createGatewayClient({ baseUrl: product.gatewayOrigin, token, fetch });
  return (await client.connectionLog({ limit: 1000 })).entries;
}

export function gatewayLogOf(product: RunningProduct): Promise<string> {
  return readFile(join(product.home, "gateway", "gateway.log"), "utf8");
}

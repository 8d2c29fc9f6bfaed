import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { createGatewayClient, type GatewayClient } from "@multiclaw/gateway-client";
import { GATEWAY_CLOUD_PREFIX } from "@multiclaw/protocol";
import WebSocket from "ws";
import { type RunningProduct, startProduct } from "../../tests/e2e/app/running-product.ts";
import { sleep } from "../fanout/clock.ts";
import { benchModel, benchProvider, benchProviderKey } from "../gateway/baselines.ts";
import { type StandinTap, startStandinTap } from "../gateway/standin-tap.ts";
import { type RunWatcher, watchRuns } from "./run-watcher.ts";

/** What the App bench runs against: the real product, a provider key and an agent on the stand-in. */
export interface BenchProduct {
  product: RunningProduct;
  /** A Node client of the gateway's local API, on the token file the CLI uses. */
  gateway: GatewayClient;
  agentId: string;
  agentName: string;
  llm: LlmStandin;
  tap: StandinTap;
  runs: RunWatcher;
  close(): Promise<void>;
}

const agentName = "Bench agent";

/**
 * `npm start` on an empty data directory (the e2e harness, so the App is served exactly as a person gets it), the
 * zero-latency LLM stand-in behind the gateway bench's tap, and — through the gateway's `/cloud` as the local
 * owner, the calls the Keys and Agents screens make — an OpenAI-compatible key at the tap and one agent on it.
 */
export async function startBenchProduct(log: (line: string) => void): Promise<BenchProduct> {
  const llm = await startLlmStandin({ defaultTurn: { type: "text", text: "ok" }, record: false });
  const tap = await startStandinTap(llm.origin);
  let product: RunningProduct | null = null;
  try {
    log("npm start on an empty data directory (Cloud on embedded PGlite, gateway, no window)…");
    product = await startProduct({ MULTICLAW_UPDATE_CHECK: "manual" });
    const token = (await readFile(join(product.home, "gateway", "api-token"), "utf8")).trim();
    const gateway = createGatewayClient({
      baseUrl: product.gatewayOrigin,
      token,
      fetch: (input, init) => fetch(input, init),
      openWebSocket: (url) => new WebSocket(url, { perMessageDeflate: false }) as never,
    });
    const cloud = createCloudClient({
      baseUrl: `${product.gatewayOrigin}${GATEWAY_CLOUD_PREFIX}`,
      fetch: (input, init) => fetch(input, init),
      auth: staticTokenSource(token),
    });
    const workspaceId = (await cloud.call("listWorkspaces", {})).workspaces[0]?.id;
    if (!workspaceId) throw new Error("the local owner has no workspace");
    await cloud.call("putProviderKey", {
      params: { workspaceId, provider: benchProvider },
      body: { apiKey: benchProviderKey, baseUrl: `${tap.origin}/compatible/v1` },
    });
    const agent = await cloud.call("createAgent", {
      params: { workspaceId },
      body: { name: agentName, provider: benchProvider, model: benchModel },
    });
    const deadline = Date.now() + 30_000;
    while (!(await gateway.status()).agents.some((a) => a.id === agent.id && a.keyConfigured)) {
      if (Date.now() > deadline) throw new Error("the gateway never synced the bench agent and its key");
      await sleep(50);
    }
    const runs = await watchRuns(gateway);
    const running = product;
    log(
      `product ready: App at ${running.gatewayOrigin}, agent ${agent.id} on the stand-in (tap ${tap.origin})`,
    );
    return {
      product: running,
      gateway,
      agentId: agent.id,
      agentName,
      llm,
      tap,
      runs,
      async close() {
        runs.close();
        await running.close();
        await tap.close();
        await llm.close();
      },
    };
  } catch (error) {
    await product?.close();
    await tap.close();
    await llm.close();
    throw error;
  }
}

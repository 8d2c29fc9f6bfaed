/**
 * Egress guard benchmark: requests per second through the guarded undici dispatcher against a plain undici
 * Agent, to the same local HTTP server in the same run, with kept-alive connections (the guard runs once per
 * connection) and with a new connection per request (the guard runs every time). Rounds alternate between
 * the two dispatchers so drift on the machine hits both; the median round is reported.
 * Usage: npm run bench:egress -- [--requests 20000] [--concurrency 32] [--rounds 5]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger, createEgressGuard } from "@multiclaw/egress/node";
import { Agent, type Dispatcher, request } from "undici";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
    rounds: { type: "string", default: "5" },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

interface Round {
  /** Requests per second, wall clock. */
  rate: number;
  /** This process's CPU time (client and server both live here) per request, µs: unlike the rate, it does
   * not move when the VM's other tenants take the CPU away. */
  cpuMicros: number;
}

/** Sends `count` GETs with `concurrency` in flight. */
async function measure(dispatcher: Dispatcher, url: string, count: number, reset: boolean): Promise<Round> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const response = await request(url, { dispatcher, reset });
      await response.body.dump();
    }
  };
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: count / seconds, cpuMicros: (cpu.user + cpu.system) / count };
}

/** The guard's overhead in percent of the plain figure: fewer requests per second, or more CPU per request. */
function rateOverhead(plain: number, guarded: number): string {
  return `${(((plain - guarded) / plain) * 100).toFixed(1)}%`;
}
function costOverhead(plain: number, guarded: number): string {
  return `${(((guarded - plain) / plain) * 100).toFixed(1)}%`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const server = createServer((_request, response) => response.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  const guard = createEgressGuard({
    inventory: resolveInventory({ mcpServers: [{ name: "bench", url }] }),
    conditions: () => ({ active: true }),
    ledger: createConnectionLedger(),
  });
  const plain = new Agent();
  console.log(
    `egress bench: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ` +
      `${requests} requests x ${rounds} rounds, concurrency ${concurrency}`,
  );
  try {
    for (const [mode, reset, count] of [
      ["keep-alive", false, requests],
      ["new connection per request", true, Math.max(500, Math.floor(requests / 10))],
    ] as const) {
      await measure(plain, url, 500, reset); // warm-up, both sides
      await measure(guard.dispatcher, url, 500, reset);
      const plainRounds: Round[] = [];
      const guardedRounds: Round[] = [];
      for (let round = 0; round < rounds; round += 1) {
        // Alternate which goes first, so warming and garbage from the previous run favour neither.
        if (round % 2 === 0) plainRounds.push(await measure(plain, url, count, reset));
        guardedRounds.push(await measure(guard.dispatcher, url, count, reset));
        if (round % 2 === 1) plainRounds.push(await measure(plain, url, count, reset));
      }
      const plainRate = median(plainRounds.map((round) => round.rate));
      const guardedRate = median(guardedRounds.map((round) => round.rate));
      const plainCpu = median(plainRounds.map((round) => round.cpuMicros));
      const guardedCpu = median(guardedRounds.map((round) => round.cpuMicros));
      // Each round's two measurements ran back to back: the median of their ratios is less exposed to drift.
      const pairedCpu = median(
        guardedRounds.map((round, index) => round.cpuMicros / (plainRounds[index]?.cpuMicros ?? Number.NaN)),
      );
      console.log(
        `${mode.padEnd(27)} plain ${plainRate.toFixed(0).padStart(7)} req/s ${plainCpu.toFixed(1).padStart(6)} µs CPU   ` +
          `guarded ${guardedRate.toFixed(0).padStart(7)} req/s ${guardedCpu.toFixed(1).padStart(6)} µs CPU   ` +
          `overhead: rate ${rateOverhead(plainRate, guardedRate)}, CPU per request ${costOverhead(plainCpu, guardedCpu)} ` +
          `(round by round: ${((pairedCpu - 1) * 100).toFixed(1)}%)`,
      );
    }
  } finally {
    await guard.close();
    await plain.close();
    server.closeAllConnections();
    server.close();
  }
}

await main();

/**
 * What one HTTP request costs the client, by the client the gateway bench could drive a gateway with: Node's
 * built-in fetch, the bench's keep-alive fetch (keep-alive-fetch.ts, what drives ours) and a keep-alive
 * node:http request (what drives OpenClaw). Each POSTs a small JSON body to a local server in this process and
 * reads the JSON answer, one request at a time; figures are per request, wall time and CPU (client and server
 * together, the server's share being the same for all three). Ratios are against node:http in the same round.
 * Usage: npx tsx bench/gateway/client-cost.ts [--requests 2000] [--rounds 3]
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { keepAliveFetch } from "./keep-alive-fetch.ts";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, rounds: { type: "string", default: "3" } },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);

const server = createServer((incoming, answer) => {
  let body = "";
  incoming.on("data", (chunk: Buffer) => {
    body += chunk.toString();
  });
  incoming.on("end", () => {
    answer.writeHead(201, { "content-type": "application/json" });
    answer.end(
      JSON.stringify({ id: "run_00000000000000000000000001", state: "running", received: body.length }),
    );
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `${origin}/v1/conversations`;
const body = JSON.stringify({ agentId: "agt_00000000000000000000000001", text: "hi" });
const headers = { "content-type": "application/json", authorization: "Bearer bench-token" };

const pooled = keepAliveFetch(origin);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const clients: Record<string, () => Promise<unknown>> = {
  "node:http (keep-alive)": () =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
        (answer) => {
          let text = "";
          answer.on("data", (chunk: Buffer) => {
            text += chunk.toString();
          });
          answer.on("end", () => resolve(JSON.parse(text)));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    }),
  "keep-alive fetch (bench)": async () => (await pooled.fetch(url, { method: "POST", headers, body })).json(),
  "Node's built-in fetch": async () => (await fetch(url, { method: "POST", headers, body })).json(),
};

console.log(
  `Node ${process.version}; ${requests} requests per client per round, after ${requests / 10} warm-up`,
);
for (let round = 1; round <= rounds; round++) {
  const figures: { name: string; wallUs: number; cpuUs: number }[] = [];
  for (const [name, send] of Object.entries(clients)) {
    for (let index = 0; index < requests / 10; index++) await send();
    const startedAt = performance.now();
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < requests; index++) await send();
    const cpu = process.cpuUsage(cpuBefore);
    figures.push({
      name,
      wallUs: ((performance.now() - startedAt) * 1000) / requests,
      cpuUs: (cpu.user + cpu.system) / requests,
    });
  }
  const base = figures[0] as (typeof figures)[number];
  for (const figure of figures) {
    console.log(
      `round ${round}  ${figure.name.padEnd(26)} ${figure.wallUs.toFixed(0).padStart(5)} µs wall ` +
        `(${(figure.wallUs / base.wallUs).toFixed(2)}×), ${figure.cpuUs.toFixed(0).padStart(5)} µs CPU`,
    );
  }
}
await pooled.close();
agent.destroy();
server.close();

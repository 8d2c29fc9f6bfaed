/**
 * One process of the client fleet: holds many WebSocket clients and records, per client, the monotonic time
 * each timed event arrived. Kept deliberately cheap — the server, the fleet and the kernel share two cores, so
 * every microsecond spent here is taken from the server under test: no JSON parsing, frames are recognised by
 * a byte search on the raw Buffer, and per-message deflate is off.
 */
import WebSocket from "ws";
import { monotonicMs } from "./clock.ts";
import type { ClientScript, FleetCommand, FleetReport } from "./fleet-messages.ts";

const sockets: WebSocket[] = [];
let arrivals = new Float64Array(0);
let armedTrial = -1;
let remaining = 0;
let frameBytes = 0;
let closedByServer = 0;
let closing = false;

function send(report: FleetReport): void {
  process.send?.(report);
}

function reportArrivals(): void {
  send({ type: "arrivals", trial: armedTrial, times: arrivals, frameBytes, closedByServer });
  // Later frames of this trial are not counted twice.
  armedTrial = -1;
}

function openClient(script: ClientScript, index: number, timeoutMs: number): Promise<void> {
  const eventMarker = Buffer.from(script.eventMarker);
  const readyMarker = Buffer.from(script.readyMarker);
  const replies = script.replies.map((reply) => ({ marker: Buffer.from(reply.marker), frame: reply.frame }));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(script.url, { perMessageDeflate: false });
    sockets[index] = socket;
    let ready = false;
    const timer = setTimeout(() => {
      reject(new Error(`client ${index} not ready within ${timeoutMs} ms`));
      socket.terminate();
    }, timeoutMs);
    socket.on("open", () => socket.send(script.openFrame));
    socket.on("message", (data: Buffer) => {
      if (data.includes(eventMarker)) {
        if (armedTrial >= 0 && Number.isNaN(arrivals[index] as number)) {
          arrivals[index] = monotonicMs();
          if (frameBytes === 0) frameBytes = data.length;
          remaining--;
          if (remaining === 0) reportArrivals();
        }
        return;
      }
      if (!ready && data.includes(readyMarker)) {
        ready = true;
        clearTimeout(timer);
        resolve();
        return;
      }
      for (const reply of replies) {
        if (data.includes(reply.marker)) socket.send(reply.frame);
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`client ${index} closed before ready (code ${code})`));
      else if (!closing) closedByServer++;
    });
  });
}

async function connectAll(command: Extract<FleetCommand, { type: "connect" }>): Promise<void> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  // A bounded number of handshakes in flight: a burst of thousands overflows the listen backlog and turns
  // into SYN retries, which measure the kernel's back-off, not the server.
  const lane = async (): Promise<void> => {
    while (next < command.count) {
      const index = next++;
      try {
        await openClient(command.script, index, command.timeoutMs);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, lane));
  send({ type: "connected", ready: command.count - failed, failed, firstError });
}

process.on("message", (command: FleetCommand) => {
  switch (command.type) {
    case "connect":
      void connectAll(command);
      break;
    case "arm":
      arrivals = new Float64Array(sockets.length).fill(Number.NaN);
      // Only open sockets can receive; one the server closed must not hold the trial open.
      remaining = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
      armedTrial = command.trial;
      send({ type: "armed", trial: command.trial });
      if (remaining === 0) reportArrivals();
      break;
    case "report":
      if (armedTrial === command.trial) reportArrivals();
      break;
    case "close":
      closing = true;
      for (const socket of sockets) socket.terminate();
      process.exit(0);
  }
});

// An orchestrator that dies (or is interrupted) must not leave thousands of sockets open.
process.on("disconnect", () => {
  closing = true;
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});

send({ type: "booted" });

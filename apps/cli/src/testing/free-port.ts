import { readFile } from "node:fs/promises";
import { createServer } from "node:net";

/** Whether a server can listen on `port` of 127.0.0.1 right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range, for a process the test starts (a Cloud, a gateway) that
 * binds it seconds later. A port from that range (what `listen(0)` gives) can meanwhile become the local port
 * of another test's outgoing connection, and the start then fails with EADDRINUSE (seen in CI).
 */
export async function freePort(): Promise<number> {
  const range = await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8").catch(() => "32768");
  const ephemeralStart = Number(range.trim().split(/\s+/)[0]) || 32768;
  const low = Math.min(20_000, ephemeralStart - 4_000);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralStart - low));
    if (await canListen(port)) return port;
  }
  throw new Error("no free port below the ephemeral range");
}

import { Agent, createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";
import { monotonicMs } from "../fanout/clock.ts";
import { recordMarkers } from "./token-markers.ts";

/** One provider request as it passed the tap. */
export interface TappedRequest {
  method: string;
  path: string;
  /** The request headers the model client sent (the stand-in's key included; it is worthless outside). */
  headers: Record<string, string>;
  body: Buffer;
  /** Monotonic ms: the whole request had arrived at the tap. */
  receivedAt: number;
  /** Monotonic ms: the last byte of the answer was handed to the client's socket. */
  answeredAt: number;
  status: number;
}

/**
 * A pass-through HTTP proxy in front of the LLM stand-in, in the bench process. Both gateways (and the
 * baselines) reach the stand-in only through it, so the hop costs the same everywhere and cancels out in a
 * difference. It exists to see what the stand-in's own server cannot show: the exact bytes of each provider
 * request (to replay them as a baseline) and the monotonic time each answer chunk is handed to the gateway's
 * socket (to time a token from provider to client). Hand-written: a general proxy library would hide exactly
 * the chunk boundaries this needs.
 */
export interface StandinTap {
  /** `http://127.0.0.1:<port>`: use it where the stand-in's origin would go. */
  readonly origin: string;
  /** Provider requests answered so far. */
  requestCount(): number;
  /** The latest provider request. */
  lastRequest(): TappedRequest | undefined;
  /**
   * From now on, records when each marker first passes in an answer chunk (monotonic ms, just before the chunk
   * is written to the client). The returned map fills as chunks flow.
   */
  watch(markers: readonly string[]): Map<string, number>;
  close(): Promise<void>;
}

/** Hop-by-hop headers are the connection's own and are not forwarded (RFC 9110 §7.6.1). */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name)) continue;
    result[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return result;
}

export async function startStandinTap(upstreamOrigin: string): Promise<StandinTap> {
  const upstream = new URL(upstreamOrigin);
  const agent = new Agent({ keepAlive: true });
  let requests = 0;
  let last: TappedRequest | undefined;
  let watched: { markers: readonly string[]; seen: Map<string, number> } | null = null;

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = forwardable(incoming.headers);
      headers.host = upstream.host;
      const tapped: TappedRequest = {
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        headers,
        body,
        receivedAt: monotonicMs(),
        answeredAt: Number.NaN,
        status: 0,
      };
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: tapped.method,
          path: tapped.path,
          headers,
          agent,
        },
        (answer) => {
          tapped.status = answer.statusCode ?? 0;
          outgoing.writeHead(tapped.status, forwardable(answer.headers));
          // Vendors send the headers before the first event; so does the tap.
          outgoing.flushHeaders();
          answer.on("data", (chunk: Buffer) => {
            if (watched) recordMarkers(chunk.toString("utf8"), watched.markers, monotonicMs(), watched.seen);
            outgoing.write(chunk);
          });
          answer.on("end", () => {
            outgoing.end(() => {
              tapped.answeredAt = monotonicMs();
            });
            requests += 1;
            last = tapped;
          });
          answer.on("error", () => outgoing.destroy());
        },
      );
      forward.on("error", (error) => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
        outgoing.end(`stand-in tap: ${error.message}`);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requestCount: () => requests,
    lastRequest: () => last,
    watch(markers) {
      const seen = new Map<string, number>();
      watched = { markers, seen };
      return seen;
    },
    close() {
      agent.destroy();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

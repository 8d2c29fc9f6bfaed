import { Agent, request } from "node:http";
import { monotonicMs } from "./clock.ts";

/** One HTTP exchange, with the monotonic times the request left and the whole response was read. */
export interface TimedResponse {
  status: number;
  text: string;
  sentAt: number;
  respondedAt: number;
}

export interface HttpClient {
  /**
   * Sends a JSON body — `body` serialised here, or `jsonText` when the exact bytes matter (a signed body) — and
   * reads the whole response.
   */
  send(
    method: string,
    url: string,
    options?: { body?: unknown; jsonText?: string; headers?: Record<string, string> },
  ): Promise<TimedResponse>;
  close(): void;
}

/**
 * A keep-alive HTTP client, so a trigger measured in a trial does not pay for a new TCP connection and the
 * figure is the server's work, not the handshake. Plain node:http: fetch (undici) adds a first-call cost.
 */
export function createHttpClient(): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(method, url, options = {}) {
      const text =
        options.jsonText ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const payload = text === undefined ? undefined : Buffer.from(text);
      const headers: Record<string, string> = { ...options.headers };
      if (payload) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(payload.length);
      }
      return new Promise((resolve, reject) => {
        const sentAt = monotonicMs();
        const outgoing = request(url, { method, headers, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString("utf8"),
              sentAt,
              respondedAt: monotonicMs(),
            }),
          );
        });
        outgoing.on("error", reject);
        outgoing.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Parses a JSON response and fails loudly on an unexpected status (the bench must not time an error). */
export function expectJson<T>(response: TimedResponse, status: number, what: string): T {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 500)}`,
    );
  }
  return JSON.parse(response.text) as T;
}

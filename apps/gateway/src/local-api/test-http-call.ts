import { request } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalApi } from "./create-local-api.ts";
import { createLocalApiServer } from "./local-api-server.ts";

export interface HttpCall {
  method?: string;
  /** Sent exactly as given: without `host`, the request carries no Host header at all. */
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json(): Promise<unknown>;
}

export interface ServedLocalApi {
  call(path: string, init?: HttpCall): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Serves a local API on a free loopback port, for tests that send exact headers (a foreign Host, none). */
export async function serveLocalApi(api: LocalApi): Promise<ServedLocalApi> {
  const server = createLocalApiServer(api);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    call: (path, init = {}) => callLocalApi(port, path, init),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One request to a local API listening on 127.0.0.1:`port`, with exactly the headers given. */
export function callLocalApi(port: number, path: string, init: HttpCall = {}): Promise<HttpAnswer> {
  const headers = init.headers ?? {};
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers, setHost: "host" in headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", reject);
        answer.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(answer.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? ""]) answerHeaders.append(name, one);
          }
          resolve({
            status: answer.statusCode ?? 0,
            headers: answerHeaders,
            text,
            json: async () => JSON.parse(text) as unknown,
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}

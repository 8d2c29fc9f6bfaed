import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaresTooLarge, readBodyText } from "./request-body.ts";

const limit = 32;
class TooLarge extends Error {}
const tooLarge = () => new TooLarge(`over ${limit} bytes`);

// As the local API does: a declared length over the limit is refused before reading, the rest while reading.
const server = createServer((incoming, outgoing) => {
  const read = declaresTooLarge(incoming, limit)
    ? Promise.reject(tooLarge())
    : readBodyText(incoming, limit, tooLarge);
  read.then(
    (text) => outgoing.end(`read: ${text}`),
    (error: Error) => {
      outgoing.statusCode = error instanceof TooLarge ? 413 : 500;
      outgoing.end(error.message);
    },
  );
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends `chunks` (chunked when `length` is null) over a real socket and reads the answer. */
function post(chunks: string[], length: number | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: length === null ? {} : { "content-length": String(length) },
      },
      (answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
        });
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, text }));
      },
    );
    outgoing.on("error", reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe("local API request bodies, read from Node's request", () => {
  it("reads a body sent with its length, and one sent in chunks", async () => {
    expect(await post(['{"a":', '"é"}'], Buffer.byteLength('{"a":"é"}'))).toEqual({
      status: 200,
      text: 'read: {"a":"é"}',
    });
    expect(await post(["one ", "two"], null)).toEqual({ status: 200, text: "read: one two" });
  });

  it("refuses a declared length over the limit before reading, and a chunked body once it passes it", async () => {
    const declared = await post(["x".repeat(40)], 40);
    expect(declared).toEqual({ status: 413, text: `over ${limit} bytes` });
    const chunked = await post(["x".repeat(20), "x".repeat(20), "x".repeat(20)], null);
    expect(chunked).toEqual({ status: 413, text: `over ${limit} bytes` });
  });
});

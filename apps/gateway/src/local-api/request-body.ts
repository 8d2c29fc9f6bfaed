import type { IncomingMessage } from "node:http";

/*
 * Request bodies of the local API, limited in size and read straight from Node's request (no web Request or
 * web stream around it: on Node 20 those were a visible share of a chat turn, bench/gateway).
 */

/** Whether the request declares a body over the limit: refused before anything reads it. */
export function declaresTooLarge(incoming: IncomingMessage, maxBytes: number): boolean {
  return Number(incoming.headers["content-length"] ?? 0) > maxBytes;
}

/**
 * The whole body as text, failing with `tooLarge()` as soon as it passes `maxBytes`: what `declaresTooLarge`
 * cannot catch before reading (a chunked body declares no length, a declared one may be wrong).
 */
export function readBodyText(
  incoming: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.off("data", onData);
        // Drain the rest so the connection can carry the error answer.
        incoming.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    incoming.on("data", onData);
    incoming.once("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
    incoming.once("error", reject);
  });
}

import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/*
 * Request bodies of the local API, limited in size. Served by @hono/node-server, a body is read straight from
 * Node's IncomingMessage: touching `c.req.raw.body` (as Hono's bodyLimit and `c.req.text()` do) first builds a
 * web Request and a web stream around Node's request — on Node 20 a visible share of a chat turn
 * (bench/gateway). Without a Node request (Hono's in-memory `app.request`, which tests use) Hono's own path
 * is taken, with the same limit and the same error.
 */

function incomingOf(context: Context): IncomingMessage | undefined {
  const incoming = (context.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // A body someone already started reading is read through Hono, which keeps what it read.
  return incoming && !incoming.readableDidRead && !incoming.readableEnded ? incoming : undefined;
}

/** Refuses a request whose declared length is over the limit before anything reads it. */
export function limitBodies(maxBytes: number, tooLarge: () => Error): MiddlewareHandler {
  const honoLimit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (context, next) => {
    const incoming = incomingOf(context);
    if (!incoming) return honoLimit(context, next);
    // A chunked body (no length) is counted while it is read (readBodyText).
    if (Number(incoming.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();
    await next();
  };
}

/** The whole body as text, failing with `tooLarge()` as soon as it passes `maxBytes`. */
export function readBodyText(context: Context, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const incoming = incomingOf(context);
  if (!incoming) return context.req.text();
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

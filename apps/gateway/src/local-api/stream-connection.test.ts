import { Duplex } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { StreamConnection } from "./stream-connection.ts";

/** A transport that records how many buffers each write to the system carried. */
function recordingTransport(): { transport: Duplex; writes: string[][] } {
  const writes: string[][] = [];
  const transport = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { transport, writes };
}

/** Writes a frame the way ws's Sender does: a header and a payload, corked together. */
function framingSocket(transport: Duplex): WebSocket {
  return {
    send(frame: string) {
      transport.cork();
      transport.write(Buffer.from("|"));
      transport.write(Buffer.from(frame));
      transport.uncork();
    },
  } as unknown as WebSocket;
}

describe("StreamConnection.send", () => {
  it("sends the frames of one turn of the event loop in one write, and a later frame in its own", async () => {
    const { transport, writes } = recordingTransport();
    const connection = new StreamConnection(framingSocket(transport), transport);
    connection.send("a");
    connection.send("b");
    connection.send("c");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual([["|", "a", "|", "b", "|", "c"]]);

    connection.send("d");
    await nextTurn();
    expect(writes).toEqual([
      ["|", "a", "|", "b", "|", "c"],
      ["|", "d"],
    ]);
  });

  it("does not hold back a frame when the transport ends in the same turn", async () => {
    const { transport, writes } = recordingTransport();
    const connection = new StreamConnection(framingSocket(transport), transport);
    connection.send("last");
    transport.end();
    expect(writes.flat()).toEqual(["|", "last"]);
    await nextTurn();
    expect(writes.flat()).toEqual(["|", "last"]);
  });
});

import { connect as netConnect, type Socket } from "node:net";
import {
  type EventFrame,
  type HelloFrame,
  PROTOCOL_VERSION,
  ServerFrame,
  type WelcomeFrame,
} from "@multiclaw/protocol";
import { WebSocket } from "ws";

/* A test client for the event stream: a real `ws` client that records and checks what it receives. */

/** Polls `check` until it holds, for state that sends no signal (a hub's connection count). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** A WebSocket client that records every frame, checked against the protocol's ServerFrame schema. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  /** Frames that did not match the protocol; a test expects none. */
  readonly invalidFrames: string[] = [];
  readonly closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(
    readonly socket: WebSocket,
    /** The TCP socket under the WebSocket, to stop reading (a slow consumer). */
    readonly tcp: Socket | null,
  ) {
    socket.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      const parsed = ServerFrame.safeParse(JSON.parse(text));
      if (parsed.success) this.frames.push(parsed.data);
      else this.invalidFrames.push(text);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.wake();
      });
    });
    socket.on("error", () => {});
  }

  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Sends a hello and waits for the welcome. */
  async hello(fields: Omit<HelloFrame, "type" | "protocol"> & { protocol?: number }): Promise<WelcomeFrame> {
    this.send({ type: "hello", protocol: PROTOCOL_VERSION, ...fields });
    return this.waitFor("welcome", () => this.frames.find((frame) => frame.type === "welcome"));
  }

  events(): EventFrame[] {
    return this.frames.filter((frame): frame is EventFrame => frame.type === "event");
  }

  eventSeqs(): number[] {
    return this.events().map((frame) => frame.seq);
  }

  /** Resolves with the first truthy answer of `check`, re-evaluated on every frame and on close. */
  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value) {
          finish();
          resolve(value);
        } else if (this.closeInfo) {
          finish();
          reject(
            new Error(`Closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}`),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`Timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 500)}`),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.wakers.delete(attempt);
      };
      this.wakers.add(attempt);
      attempt();
    });
  }

  waitForEvents(count: number, timeoutMs?: number): Promise<EventFrame[]> {
    return this.waitFor(`${count} events`, () => this.events().length >= count && this.events(), timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.tcp?.resume();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
    else this.socket.terminate();
    const timer = setTimeout(() => this.socket.terminate(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

export async function openClient(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
  let tcp = null as Socket | null;
  const socket = new WebSocket(url, {
    autoPong: options.autoPong ?? true,
    // ws hands over its request options; keep the TCP socket to pause it later.
    createConnection: ((connectOptions: { host?: string; port?: number }) => {
      tcp = netConnect({ host: connectOptions.host ?? "127.0.0.1", port: Number(connectOptions.port) });
      return tcp;
    }) as typeof netConnect,
  });
  // http.request creates the connection synchronously, so `tcp` is set by now.
  const client = new TestClient(socket, tcp);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`Upgrade refused with HTTP ${response.statusCode}`)),
    );
  });
  return client;
}

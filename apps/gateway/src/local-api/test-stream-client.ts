import {
  PROTOCOL_VERSION,
  type RunEventFrame,
  type StreamHelloFrame,
  StreamServerFrame,
  type StreamWelcomeFrame,
} from "@multiclaw/protocol";
import { WebSocket } from "ws";

/* A test client for the run-event stream: a real `ws` client that records and checks what it receives. */

export interface CloseInfo {
  code: number;
  reason: string;
}

/** Polls `check` until it holds, for state that sends no signal. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export class StreamTestClient {
  readonly frames: StreamServerFrame[] = [];
  /** Frames that did not match the protocol; a test expects none. */
  readonly invalidFrames: string[] = [];
  readonly closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | null = null;
  private readonly wakers = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      const parsed = StreamServerFrame.safeParse(JSON.parse(text));
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

  /** Opens a connection (rejects with the HTTP status when the upgrade is refused). */
  static open(url: string, headers: Record<string, string> = {}): Promise<StreamTestClient> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new StreamTestClient(socket)));
      socket.once("unexpected-response", (_request, response) => {
        reject(
          Object.assign(new Error(`upgrade refused: ${response.statusCode}`), {
            status: response.statusCode,
          }),
        );
      });
      socket.once("error", reject);
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  async hello(fields: Omit<StreamHelloFrame, "type" | "protocol">): Promise<StreamWelcomeFrame> {
    this.send({ type: "hello", protocol: PROTOCOL_VERSION, ...fields });
    return this.waitFor("welcome", () => this.frames.find((frame) => frame.type === "welcome"));
  }

  events(runId?: string): RunEventFrame[] {
    return this.frames.filter(
      (frame): frame is RunEventFrame => frame.type === "run-event" && (!runId || frame.runId === runId),
    );
  }

  seqs(runId: string): number[] {
    return this.events(runId).map((frame) => frame.seq);
  }

  waitForSeq(runId: string, seq: number, timeoutMs?: number): Promise<RunEventFrame[]> {
    return this.waitFor(
      `${runId} seq ${seq}`,
      () => this.events(runId).some((frame) => frame.seq >= seq) && this.events(runId),
      timeoutMs,
    );
  }

  /** Resolves with the first truthy answer of `check`, re-evaluated on every frame and on close. */
  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
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

  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.socket.resume();
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

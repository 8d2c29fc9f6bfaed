import type { DeviceTokenResponse, ServerFrame, SignInResponse } from "@multiclaw/protocol";
import { PROTOCOL_VERSION } from "@multiclaw/protocol";
import WebSocket from "ws";

/** A deliberately thin HTTP client for tests: it shows the wire as it is, status codes and all. */
export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Non-JSON bodies stay text.
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

let counter = 0;

export async function signUp(baseUrl: string, name = "Ada"): Promise<SignInResponse & { email: string }> {
  counter += 1;
  const email = `${name.toLowerCase()}.${process.pid}.${Date.now()}.${counter}@example.test`;
  const result = await call<SignInResponse>(baseUrl, "POST", "/v1/auth/sign-up", {
    body: { email, password: "correct horse battery staple", name },
  });
  if (result.status !== 201)
    throw new Error(`sign-up failed: ${result.status} ${JSON.stringify(result.body)}`);
  return { ...result.body, email };
}

/** Runs the whole device flow: the device asks for a code, the user approves it, the device collects its credential. */
export async function loginInstance(
  baseUrl: string,
  userAccessToken: string,
  workspaceId: string,
  instanceName = "test-machine",
): Promise<DeviceTokenResponse> {
  const code = await call<{ deviceCode: string; userCode: string }>(baseUrl, "POST", "/v1/device/code", {
    body: { instanceName, platform: "linux" },
  });
  const approved = await call(baseUrl, "POST", "/v1/device/approve", {
    token: userAccessToken,
    body: { userCode: code.body.userCode, workspaceId },
  });
  if (approved.status !== 204)
    throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  const token = await call<DeviceTokenResponse>(baseUrl, "POST", "/v1/device/token", {
    body: { deviceCode: code.body.deviceCode },
  });
  if (token.status !== 200)
    throw new Error(`device token failed: ${token.status} ${JSON.stringify(token.body)}`);
  return token.body;
}

/** An event-stream client that records every frame and how the connection ended. */
export class EventClient {
  readonly frames: ServerFrame[] = [];
  closeCode: number | null = null;
  private readonly socket: WebSocket;
  private readonly waiters: Array<() => void> = [];
  readonly closed: Promise<number>;

  constructor(
    eventsUrl: string,
    hello: { token: string; workspaceId: string; lastSeq?: number; protocol?: number },
  ) {
    this.socket = new WebSocket(eventsUrl);
    this.socket.on("open", () => {
      this.socket.send(JSON.stringify({ type: "hello", protocol: PROTOCOL_VERSION, ...hello }));
    });
    this.socket.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      this.socket.on("close", (code) => {
        this.closeCode = code;
        for (const wake of this.waiters.splice(0)) wake();
        resolve(code);
      });
      this.socket.on("error", () => undefined);
    });
  }

  events() {
    return this.frames.flatMap((frame) => (frame.type === "event" ? [frame] : []));
  }

  /** Waits until `predicate` holds over the frames received so far, or fails after `timeoutMs`. */
  async until(predicate: (client: EventClient) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`timed out; frames so far: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  welcomed(): Promise<void> {
    return this.until((client) => client.frames.some((frame) => frame.type === "welcome"));
  }

  close(): void {
    this.socket.close();
  }
}

import PusherServer from "pusher";
import PusherJsModule from "pusher-js";
import WebSocket from "ws";

// pusher-js's types declare an ES default export, but its Node build is CommonJS whose `module.exports` is the
// class itself, which is what a default import yields at run time.
const Pusher = PusherJsModule as unknown as (typeof PusherJsModule)["default"];
type Pusher = InstanceType<typeof Pusher>;
export type Channel = ReturnType<Pusher["subscribe"]>;

/*
 * Test clients for the Pusher endpoint: the official libraries as an application would use them, and a raw
 * socket for what those libraries hide (frames, close codes).
 */

export interface PusherTarget {
  /** The Cloud's base URL, e.g. `http://127.0.0.1:4800`. */
  cloudUrl: string;
  appId: string;
  key: string;
  secret: string;
}

function hostAndPort(cloudUrl: string): { host: string; port: number } {
  const url = new URL(cloudUrl);
  return { host: url.hostname, port: Number(url.port) };
}

/**
 * pusher-js (Node build) pointed at the Cloud, WebSocket only — no fallback, no stats, nothing leaves this
 * machine — authorising private channels through the Cloud's channel-auth route with a user's access token.
 */
export function connectPusherJs(cloudUrl: string, key: string, accessToken?: string): Pusher {
  const { host, port } = hostAndPort(cloudUrl);
  return new Pusher(key, {
    cluster: "local",
    wsHost: host,
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${cloudUrl}/v1/progress/channel-auth`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${accessToken ?? ""}` },
          body: JSON.stringify({ socket_id: socketId, channel_name: channelName }),
        })
          .then(async (response) => {
            const body = (await response.json()) as { auth?: string; code?: string };
            if (!response.ok || !body.auth) callback(new Error(body.code ?? String(response.status)), null);
            else callback(null, { auth: body.auth });
          })
          .catch((error: Error) => callback(error, null));
      },
    },
  });
}

export function connected(pusher: Pusher): Promise<string> {
  return new Promise((resolve, reject) => {
    pusher.connection.bind("connected", () => resolve(pusher.connection.socket_id));
    pusher.connection.bind("failed", () => reject(new Error("pusher-js could not connect")));
  });
}

/** Subscribes and resolves once the endpoint confirmed, or rejects on the first refusal. */
export function subscribed(pusher: Pusher, channelName: string): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const channel = pusher.subscribe(channelName);
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) =>
      reject(new Error(`subscription refused: ${JSON.stringify(error)}`)),
    );
  });
}

/** The events of one name a channel receives, in order. */
export function record(channel: Channel, event: string): unknown[] {
  const received: unknown[] = [];
  channel.bind(event, (data: unknown) => received.push(data));
  return received;
}

/** The official `pusher` server library pointed at the Cloud's trigger API. */
export function pusherServer(target: PusherTarget): PusherServer {
  const { host, port } = hostAndPort(target.cloudUrl);
  return new PusherServer({
    appId: target.appId,
    key: target.key,
    secret: target.secret,
    host,
    port: String(port),
    useTLS: false,
  });
}

export interface RawFrame {
  event: string;
  channel?: string;
  data?: unknown;
}

/** A bare WebSocket to the endpoint that records every frame and how it closed. */
export class RawPusherSocket {
  readonly frames: RawFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly socket: WebSocket;

  constructor(cloudUrl: string, path: string) {
    this.socket = new WebSocket(`${cloudUrl.replace(/^http/, "ws")}${path}`);
    this.socket.on("message", (data) => this.frames.push(JSON.parse(data.toString()) as RawFrame));
    this.closed = new Promise((resolve) =>
      this.socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Resolves with the first frame (from the start) that matches, waiting for it if need be. */
  async next(match: (frame: RawFrame) => boolean, timeoutMs = 5000): Promise<RawFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The socket id from `pusher:connection_established`. */
  async socketId(): Promise<string> {
    const frame = await this.next((candidate) => candidate.event === "pusher:connection_established");
    return (JSON.parse(frame.data as string) as { socket_id: string }).socket_id;
  }

  send(frame: RawFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.close();
  }
}

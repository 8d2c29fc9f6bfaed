import type { WebSocket } from "ws";

/** One client of the Pusher endpoint: its socket id, its channels, and when it was last heard from. */
export class PusherConnection {
  readonly socket: WebSocket;
  readonly socketId: string;
  readonly channels = new Set<string>();
  lastActivity: number;
  /** When the endpoint sent `pusher:ping` and is waiting for an answer; null when it is not waiting. */
  pingSentAt: number | null = null;
  closing = false;

  constructor(socket: WebSocket, socketId: string, now: number) {
    this.socket = socket;
    this.socketId = socketId;
    this.lastActivity = now;
  }
}

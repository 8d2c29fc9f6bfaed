import type { ClientScript } from "../fleet-messages.ts";
import type { ServerMemory } from "./server-process.ts";

/** The monotonic times of one trigger request (the fan-out is timed from `sentAt`). */
export interface TriggerTiming {
  sentAt: number;
  respondedAt: number;
}

/** A running event server under test, in its own process so its memory can be read from /proc. */
export interface SystemUnderTest {
  /** Shown in the table: "multiclaw" or "soketi". */
  name: string;
  /** The server process whose RSS is measured. */
  pid: number;
  /** How every fleet client connects, becomes ready and recognises the timed event. */
  client: ClientScript;
  /** Forces a full garbage collection in the server and returns its memory figures (server-preload.cjs). */
  readMemory(): Promise<ServerMemory>;
  /** Causes one event that every connected client should receive. */
  trigger(trial: number): Promise<TriggerTiming>;
  close(): Promise<void>;
}

/** Starts a fresh server; `frameBytes` is the size the timed event frame should have, so payloads match. */
export type StartSystem = (options: { frameBytes: number }) => Promise<SystemUnderTest>;

/** A system the bench can start many times; `dispose` removes what the starts left behind. */
export interface SystemFactory {
  name: string;
  start: StartSystem;
  dispose(): Promise<void>;
}

import type { GatewaySystemName } from "./options.ts";

/** When a started gateway first answered HTTP and when it was ready, in ms after the spawn. */
export interface ColdStart {
  listeningMs: number;
  readyMs: number;
}

/** Monotonic ms of one turn, as the client saw it. */
export interface TurnTimes {
  sentAt: number;
  doneAt: number;
}

/** A gateway process under test, started and ready. */
export interface RunningGateway {
  readonly pid: number;
  readonly coldStart: ColdStart;
  /**
   * One chat turn ("hi") through the gateway's client API; resolves with the monotonic times the client sent it
   * and had the whole answer.
   */
  turn(): Promise<TurnTimes>;
  /**
   * A chat turn whose answer streams; resolves once it is complete with, per marker, the monotonic time the
   * client received the text carrying it.
   */
  streamedTurn(markers: readonly string[]): Promise<Map<string, number>>;
  /** Everything it printed lately (to explain a failure). */
  output(): string;
  /** Stops it and everything it started. */
  stop(): Promise<void>;
}

/** A gateway the bench can start many times. */
export interface GatewaySystem {
  readonly name: GatewaySystemName;
  /** One-time set-up (accounts, sign-in, a first start that creates its state); not timed. */
  prepare(log: (line: string) => void): Promise<void>;
  /** Spawns the gateway and resolves once it is ready, with the times it took. */
  start(): Promise<RunningGateway>;
  /** Removes what the starts left behind. */
  dispose(): Promise<void>;
}

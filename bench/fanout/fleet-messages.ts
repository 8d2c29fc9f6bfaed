/** How one light client speaks a server's event protocol: only what is needed to recognise frames. */
export interface ClientScript {
  url: string;
  /** Sent once the socket opens: our `hello`, or Pusher's `pusher:subscribe`. */
  openFrame: string;
  /** A frame containing this text means the client is ready to receive events (welcome / subscribed). */
  readyMarker: string;
  /** A frame containing this text is the event being timed. */
  eventMarker: string;
  /** Protocol-level replies: a frame containing `marker` is answered with `frame` (Pusher's ping → pong). */
  replies: { marker: string; frame: string }[];
}

/** Orchestrator → fleet worker. */
export type FleetCommand =
  | { type: "connect"; script: ClientScript; count: number; concurrency: number; timeoutMs: number }
  /** Forget earlier arrivals; the next event frame each client sees belongs to `trial`. */
  | { type: "arm"; trial: number }
  /** Send what has arrived for `trial` so far (the trial timed out). */
  | { type: "report"; trial: number }
  | { type: "close" };

/** Fleet worker → orchestrator. */
export type FleetReport =
  /** The worker process has started and listens for commands. */
  | { type: "booted" }
  | { type: "connected"; ready: number; failed: number; firstError: string | null }
  | { type: "armed"; trial: number }
  /**
   * Monotonic receive time (ms) per client, NaN where the event did not arrive. `frameBytes` is the size of the
   * first event frame seen, so the two systems' payloads can be compared.
   */
  | { type: "arrivals"; trial: number; times: Float64Array; frameBytes: number; closedByServer: number };

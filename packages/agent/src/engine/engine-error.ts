import type { ErrorCode } from "@multiclaw/protocol";

/**
 * An error the engine's operations throw to their caller (the gateway's local API), with a stable code the
 * caller maps to an HTTP status through the protocol's error table.
 *
 * @example
 * try { await engine.decidePlan(runId, { decision: "approve" }) }
 * catch (error) { if (error instanceof EngineError && error.code === "CONFLICT") … }
 */
export class EngineError extends Error {
  override readonly name = "EngineError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

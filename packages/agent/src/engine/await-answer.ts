import { type Deferred, deferred, unlessAborted } from "./abortable.ts";
import { EngineError } from "./engine-error.ts";
import type { Answer } from "./run-context.ts";

/**
 * Waits for the user's answer until the run is cancelled. An answer that arrives just as the run ends is
 * turned down (CONFLICT), so its caller never waits for a recording that will not happen.
 */
export async function awaitAnswer<Decision, Recorded>(
  answer: Deferred<Answer<Decision, Recorded>>,
  signal: AbortSignal,
): Promise<Answer<Decision, Recorded>> {
  try {
    return await unlessAborted(answer.promise, signal);
  } catch (error) {
    answer.promise.then((late) =>
      late.recorded.reject(new EngineError("CONFLICT", "The run ended before this decision was recorded.")),
    );
    throw error;
  }
}

/** Records an answer with `record`, and settles the caller's wait with the outcome. */
export async function recordAnswer<Decision, Recorded>(
  answer: Answer<Decision, Recorded>,
  record: () => Promise<Recorded>,
): Promise<Recorded> {
  try {
    const recorded = await record();
    answer.recorded.resolve(recorded);
    return recorded;
  } catch (error) {
    answer.recorded.reject(error);
    throw error;
  }
}

export function newAnswerSlot<Decision, Recorded>(): Deferred<Answer<Decision, Recorded>> {
  return deferred<Answer<Decision, Recorded>>();
}

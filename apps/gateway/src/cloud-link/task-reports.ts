import { randomUUID } from "node:crypto";
import {
  type BackoffPolicy,
  backoffDelay,
  type CloudClient,
  isCloudError,
  type Timers,
} from "@multiclaw/cloud-client";
import type { Task, TransitionTaskRequest } from "@multiclaw/protocol";

/** A state transition as the gateway reports it: coordination fields only (state, failure code, version). */
export type TaskTransition = TransitionTaskRequest;

export interface TaskReportOptions {
  /**
   * Makes the report safe to repeat, also across restarts when the caller keeps it. A fresh one is made
   * otherwise and reused for this report's retries.
   */
  idempotencyKey?: string;
}

export interface TaskReporterDeps {
  cloud: CloudClient;
  workspaceId: string;
  timers: Timers;
  backoff: BackoffPolicy;
  /** Attempts per report for answers that may succeed later (no answer, 5xx, 429). */
  maxAttempts: number;
  random?: () => number;
}

export type ReportTaskState = (
  taskId: string,
  transition: TaskTransition,
  options?: TaskReportOptions,
) => Promise<Task>;

/**
 * Reports task transitions through the Cloud's transition route with an Idempotency-Key, retrying what may
 * succeed later with backoff (honouring retry-after), always under the same key so the Cloud applies the
 * transition once. A refusal (INVALID_TRANSITION, CONFLICT, a revoked instance) is thrown at once.
 */
export function createTaskReporter(deps: TaskReporterDeps): ReportTaskState {
  const sleep = (ms: number) => new Promise<void>((resolve) => deps.timers.schedule(resolve, ms));
  return async (taskId, transition, options = {}) => {
    const idempotencyKey = options.idempotencyKey ?? `transition-${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.cloud.call("transitionTask", {
          params: { workspaceId: deps.workspaceId, taskId },
          body: transition,
          idempotencyKey,
        });
      } catch (error) {
        if (!isCloudError(error) || !error.retryable || attempt >= deps.maxAttempts) throw error;
        const delay = Math.max(
          backoffDelay(attempt, deps.backoff, deps.random),
          (error.retryAfterSeconds ?? 0) * 1000,
        );
        await sleep(delay);
      }
    }
  };
}

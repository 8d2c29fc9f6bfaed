import {
  type ErrorCode,
  type Run,
  type Task,
  type TaskFailureCode,
  type TaskState,
  terminalRunStates,
} from "@multiclaw/protocol";
import type { Logger } from "pino";
import { taskPath, taskTargetOf } from "./task-state-path.ts";

/*
 * Assignments: a teammate assigns a Cloud task to an agent; the gateway that runs the agent takes it, works on
 * it as a local run, and mirrors the run's state on the task — coordination fields only (state, failure code);
 * the plan, the messages and the results stay here.
 *
 * A task that names an instance is only for that gateway; the others leave it alone, even when they run the
 * agent. Several gateways of one workspace may see the same assignment. The first to move the task from `assigned` to
 * `planning` (with the task's version, so the Cloud refuses the others) owns it; the rest let go.
 * Reporting is convergent rather than a queue of messages: for a task, the gateway reads the Cloud's state and
 * walks it to the state its run stands for. After a restart or time offline the same walk catches up, so no
 * report is lost and none is applied twice (each step carries an idempotency key).
 */

export interface TaskAssignmentDeps {
  /** Whether this gateway runs the agent (it belongs to the workspace this gateway is signed in to). */
  runsAgent(agentId: string): boolean;
  /** This gateway's instance at the Cloud (undefined while signed out): a task for another one is not ours. */
  instanceId(): string | undefined;
  getTask(taskId: string): Promise<Task>;
  /** Tasks still `assigned`, to pick up work assigned while this gateway was away. */
  listAssignedTasks(): Promise<Task[]>;
  transitionTask(
    taskId: string,
    body: { to: TaskState; failureCode?: TaskFailureCode; expectedVersion?: number },
    idempotencyKey: string,
  ): Promise<Task>;
  /** Starts a task run for the agent; the task's title is the request. */
  startTaskRun(input: { agentId: string; taskId: string; text: string }): Promise<Run>;
  /** The newest local run of a task, if any. */
  runOfTask(taskId: string): Promise<Run | undefined>;
  cancelRun(runId: string): Promise<void>;
  logger: Logger;
}

export interface TaskAssignments {
  /** A task event from the Cloud (task-assigned or task-updated). */
  onTaskEvent(task: Task): void;
  /** A local run changed state; mirrors it if it works on a task. */
  onRunChanged(run: Run): void;
  /** After (re)connecting: picks up waiting assignments and re-reports runs whose reports may be missing. */
  catchUp(localTaskRuns: readonly Run[]): Promise<void>;
  /** Resolves when every report in flight has settled (tests, shutdown). */
  idle(): Promise<void>;
}

function errorCodeOf(error: unknown): string | undefined {
  return (error as { code?: unknown })?.code as string | undefined;
}

export function createTaskAssignments(deps: TaskAssignmentDeps): TaskAssignments {
  /** One chain per task so its reports run in order. */
  const chains = new Map<string, Promise<void>>();
  const claiming = new Set<string>();

  function enqueue(taskId: string, work: () => Promise<void>): Promise<void> {
    const previous = chains.get(taskId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => {
        // The next event or catch-up walks the task again; nothing is lost by giving up now.
        deps.logger.warn({ taskId, code: errorCodeOf(error), err: error }, "task report failed");
      })
      .finally(() => {
        if (chains.get(taskId) === next) chains.delete(taskId);
      });
    chains.set(taskId, next);
    return next;
  }

  function isOurs(task: Task): task is Task & { assigneeAgentId: string } {
    if (!task.assigneeAgentId || !deps.runsAgent(task.assigneeAgentId)) return false;
    return task.instanceId === null || task.instanceId === deps.instanceId();
  }

  async function claim(task: Task): Promise<void> {
    if (task.state !== "assigned" || !isOurs(task)) return;
    if (claiming.has(task.id) || (await deps.runOfTask(task.id))) return;
    claiming.add(task.id);
    try {
      // The Cloud keeps idempotency keys per user, and a user's gateways all act as that user: without the
      // instance in the key, a second gateway's claim would replay the first one's success and both would work.
      await deps.transitionTask(
        task.id,
        { to: "planning", expectedVersion: task.version },
        `claim:${deps.instanceId() ?? "unknown"}:${task.id}:${task.version}`,
      );
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === "CONFLICT" || code === "INVALID_TRANSITION") {
        deps.logger.info({ taskId: task.id }, "another gateway took the task");
        return;
      }
      throw error;
    } finally {
      claiming.delete(task.id);
    }
    const agentId = task.assigneeAgentId;
    const run = await deps.startTaskRun({ agentId, taskId: task.id, text: task.title });
    deps.logger.info({ taskId: task.id, runId: run.id }, "working on an assigned task");
  }

  /** Walks the Cloud task to the state the run stands for. */
  async function report(changed: Run): Promise<void> {
    if (!changed.taskId) return;
    // Reports queue behind each other; by now the run may have moved on, and only its latest state matters.
    const run = (await deps.runOfTask(changed.taskId)) ?? changed;
    if (!run.taskId) return;
    const target = taskTargetOf(run.state, run.error?.code as ErrorCode | undefined);
    let task = await deps.getTask(run.taskId);
    const path = taskPath(task.state, target.state);
    if (path === undefined) {
      // The task ended in the Cloud (cancelled by a teammate): stop working on it.
      if (task.state === "cancelled" && !isFinal(run)) await deps.cancelRun(run.id);
      return;
    }
    for (const to of path) {
      const failureCode = to === "failed" ? (target.failureCode ?? "OTHER") : undefined;
      task = await deps.transitionTask(
        task.id,
        { to, ...(failureCode ? { failureCode } : {}), expectedVersion: task.version },
        `run:${run.id}:${task.version}:${to}`,
      );
    }
  }

  return {
    onTaskEvent(task) {
      if (task.state === "assigned") {
        void enqueue(task.id, () => claim(task));
        return;
      }
      if (task.state === "cancelled") {
        void enqueue(task.id, async () => {
          const run = await deps.runOfTask(task.id);
          if (run && !isFinal(run)) await deps.cancelRun(run.id);
        });
      }
    },
    onRunChanged(run) {
      if (run.taskId) void enqueue(run.taskId, () => report(run));
    },
    async catchUp(localTaskRuns) {
      for (const run of localTaskRuns) {
        if (run.taskId) void enqueue(run.taskId, () => report(run));
      }
      const waiting = await deps.listAssignedTasks();
      for (const task of waiting) void enqueue(task.id, () => claim(task));
      await this.idle();
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}

function isFinal(run: Run): boolean {
  return terminalRunStates.includes(run.state);
}

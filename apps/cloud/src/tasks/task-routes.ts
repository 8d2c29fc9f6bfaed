import { IDEMPOTENCY_HEADER } from "@multiclaw/protocol";
import type { Context } from "hono";
import { CloudError } from "../errors.ts";
import type { RouteBinder } from "../http/bind-routes.ts";
import type { TaskService } from "./task-service.ts";

/**
 * The route table says creates and transitions require an Idempotency-Key: a gateway retrying after a lost
 * answer must not create a second task or be refused because its first transition already landed. The binder
 * stores and replays the answer; this only insists the key is sent.
 */
function requireIdempotencyKey(context: Context): void {
  if (context.req.header(IDEMPOTENCY_HEADER) === undefined) {
    throw new CloudError("VALIDATION_FAILED", "Send an Idempotency-Key header so a retry cannot act twice", {
      fieldProblems: [{ path: "Idempotency-Key header", message: "required" }],
    });
  }
}

/**
 * Binds listTasks, createTask, getTask, assignTask and transitionTask.
 *
 * @example registerTaskRoutes(binder, createTaskService({ db, runChange }));
 */
export function registerTaskRoutes(binder: RouteBinder, tasks: TaskService): void {
  binder.bind("listTasks", ({ principal, params, query }) =>
    tasks.list(principal, params.workspaceId, query),
  );
  binder.bind("createTask", async ({ principal, params, body, context }) => {
    requireIdempotencyKey(context);
    return tasks.create(principal, params.workspaceId, body);
  });
  binder.bind("getTask", ({ principal, params }) => tasks.get(principal, params.workspaceId, params.taskId));
  binder.bind("assignTask", ({ principal, params, body }) =>
    tasks.assign(principal, params.workspaceId, params.taskId, body),
  );
  binder.bind("transitionTask", async ({ principal, params, body, context }) => {
    requireIdempotencyKey(context);
    return tasks.transition(principal, params.workspaceId, params.taskId, body);
  });
}

import type { GatewaySession } from "../session/gateway-session.ts";
import type { WorkspaceFeed } from "./local-api-deps.ts";

/**
 * The workspace feed of the gateway's session: the signed-in workspace, whether its event stream is connected,
 * and the task events the Cloud link hears. The session outlives its links (sign out, sign in elsewhere), so
 * the workspace is read from the current link each time rather than kept.
 *
 * @example const feed = sessionWorkspaceFeed(session);
 */
export function sessionWorkspaceFeed(
  session: Pick<GatewaySession, "link" | "linkStatus" | "onLinkState" | "onTaskEvent">,
): WorkspaceFeed {
  return {
    status() {
      const link = session.link();
      return {
        workspaceId: link?.workspaceId ?? null,
        live: link !== undefined && session.linkStatus().state === "connected",
      };
    },
    onStatusChange: (listener) => session.onLinkState(() => listener()),
    onEvent(listener) {
      return session.onTaskEvent((event) => {
        const workspaceId = session.link()?.workspaceId;
        if (workspaceId === undefined) return;
        if (event.name === "tasks-resync") listener({ name: event.name, workspaceId });
        else {
          const { task } = event;
          listener({ name: event.name, workspaceId: task.workspaceId, task, seq: event.seq, at: event.at });
        }
      });
    },
  };
}

import type { RunEvent, RunState } from "@multiclaw/protocol";

/** What a run's new state asks of the person, as a notification's title; null when it asks nothing. */
const attentionTitles: Partial<Record<RunState, string>> = {
  "awaiting-plan-approval": "A plan waits for your approval",
  "awaiting-tool-approval": "A tool call waits for your approval",
  completed: "The answer is ready",
  failed: "The run failed",
  interrupted: "The run was interrupted",
};

/** The notification for an event, if it is one a person away from the window wants to hear about. */
export function attentionOf(event: RunEvent): { title: string; tag: string } | null {
  const body = event.event;
  if (body.type !== "run-state") return null;
  const title = attentionTitles[body.state];
  return title ? { title, tag: `${event.runId}:${body.state}` } : null;
}

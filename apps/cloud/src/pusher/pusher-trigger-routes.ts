import { PUSHER_MAX_DATA_BYTES, PusherBatchRequest, PusherTriggerRequest } from "@multiclaw/protocol";
import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { Clock } from "../clock.ts";
import type { Fanout, FanoutMessage } from "../events/fanout.ts";
import { verifySignedRequest } from "./pusher-request-auth.ts";

export interface PusherTriggerDeps {
  app: { appId: string; key: string; secret: string };
  fanout: Fanout;
  clock: Clock;
}

/**
 * Pusher's HTTP trigger API, `POST /apps/<app_id>/events` and `/batch_events`, so the official `pusher` server
 * library triggers against the Cloud unchanged. These routes are registered on the Hono app directly and are
 * not in our route table (`cloudRoutes`): their wire format, signature and answers — `{}` on success, a plain
 * text reason with 400, 401, 404 or 413 otherwise — are Pusher's, not our problem documents.
 *
 * @example
 * registerPusherTriggerRoutes(app, { app: pusherApp, fanout, clock });
 */
export function registerPusherTriggerRoutes(app: Hono, deps: PusherTriggerDeps): void {
  app.post("/apps/:appId/events", (context) =>
    handleSigned(context, deps, (json) => {
      const parsed = PusherTriggerRequest.safeParse(json);
      if (!parsed.success) return parsed.error;
      const body = parsed.data;
      return [
        {
          channels: body.channels ?? (body.channel ? [body.channel] : []),
          event: body.name,
          data: body.data,
          exceptSocketId: body.socket_id ?? null,
        },
      ];
    }),
  );
  app.post("/apps/:appId/batch_events", (context) =>
    handleSigned(context, deps, (json) => {
      const parsed = PusherBatchRequest.safeParse(json);
      if (!parsed.success) return parsed.error;
      return parsed.data.batch.map((event) => ({
        channels: [event.channel],
        event: event.name,
        data: event.data,
        exceptSocketId: event.socket_id ?? null,
      }));
    }),
  );
}

type TriggeredEvent = Omit<Extract<FanoutMessage, { kind: "pusher-event" }>, "kind">;

/** Checks the app and the signature first, then reads the body; every event is published only if all are valid. */
async function handleSigned(
  context: Context,
  deps: PusherTriggerDeps,
  readEvents: (json: unknown) => TriggeredEvent[] | z.ZodError,
): Promise<Response> {
  if (context.req.param("appId") !== deps.app.appId) return text(404, "Unknown app");
  const url = new URL(context.req.url);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) return text(400, `Query parameter ${name} is given twice`);
    query[name] = value;
  }
  const body = await context.req.text();
  const outcome = verifySignedRequest(
    deps.app,
    { method: context.req.method, path: url.pathname, query, body },
    Math.floor(deps.clock.now().getTime() / 1000),
  );
  if (!outcome.ok) return text(outcome.status, outcome.message);

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return text(400, "The body is not valid JSON");
  }
  const events = readEvents(json);
  if (!Array.isArray(events)) {
    const issue = events.issues[0];
    return text(400, `Invalid request: ${issue?.path.join(".") || "body"} ${issue?.message ?? ""}`.trim());
  }
  if (events.some((event) => Buffer.byteLength(event.data, "utf8") > PUSHER_MAX_DATA_BYTES)) {
    return text(413, `Event data is limited to ${PUSHER_MAX_DATA_BYTES} bytes`);
  }
  for (const event of events) await deps.fanout.publish({ kind: "pusher-event", ...event });
  return Response.json({}, { status: 200 });
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

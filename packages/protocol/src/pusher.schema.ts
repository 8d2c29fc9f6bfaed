import { z } from "zod";

/*
 * The Pusher Channels wire format (protocol 7 over WebSocket, and the HTTP trigger API), as the official
 * `pusher-js` client and `pusher` server library speak it. It is Pusher's format, not ours: names are
 * snake_case and `data` travels as a JSON-encoded string, because that is what those libraries send and expect.
 */

/** The only WebSocket protocol version the Cloud's endpoint speaks (what pusher-js 8 asks for). */
export const PUSHER_PROTOCOL_VERSION = 7;

/** Where a Pusher client connects: `/app/<key>`. */
export const PUSHER_SOCKET_PATH_PREFIX = "/app/";

/**
 * The documented `pusher:error` codes the endpoint uses; the connection is then closed with the same code.
 * 4000–4099: do not reconnect unchanged; 4100–4199: reconnect after a back-off; 4200–4299: reconnect at once.
 */
export const pusherErrorCodes = {
  APP_NOT_FOUND: 4001,
  PATH_NOT_FOUND: 4005,
  UNSUPPORTED_PROTOCOL: 4007,
  NO_PROTOCOL_VERSION: 4008,
  OVER_CAPACITY: 4100,
  RECONNECT_NOW: 4200,
  PONG_NOT_RECEIVED: 4201,
} as const;

/** `abc-def_1`, `private-user-usr_…`: letters, digits and `_ - = @ , . ;`, at most 200 characters. */
export const PusherChannelName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_\-=@,.;]+$/, "must be letters, digits and _ - = @ , . ; only");

/** A socket id as Pusher hands it out: two integers joined by a dot, e.g. `1234.1234`. */
export const PusherSocketId = z.string().regex(/^\d+\.\d+$/, "must look like 1234.1234");

export const PusherEventName = z.string().min(1).max(200);

/** Event data is limited to 10 KB by Pusher; the Cloud keeps the same limit. */
export const PUSHER_MAX_DATA_BYTES = 10_240;

/** Any frame a client sends: an event name, and data whose shape depends on it. */
export const PusherClientFrame = z.object({
  event: z.string().min(1).max(200),
  channel: z.string().optional(),
  data: z.unknown().optional(),
});
export type PusherClientFrame = z.infer<typeof PusherClientFrame>;

/** The data of `pusher:subscribe`; `auth` is `<key>:<signature>` for private channels. */
export const PusherSubscribeData = z.object({
  channel: PusherChannelName,
  auth: z.string().max(400).optional(),
  channel_data: z.string().optional(),
});

export const PusherUnsubscribeData = z.object({ channel: PusherChannelName });

/** `POST /apps/<app_id>/events`: one event to one or more channels (at most 100). */
export const PusherTriggerRequest = z
  .object({
    name: PusherEventName,
    data: z.string(),
    channels: z.array(PusherChannelName).min(1).max(100).optional(),
    channel: PusherChannelName.optional(),
    socket_id: PusherSocketId.optional(),
    info: z.string().optional(),
  })
  .refine((body) => (body.channels === undefined) !== (body.channel === undefined), {
    message: "give either channels or channel",
  });
export type PusherTriggerRequest = z.infer<typeof PusherTriggerRequest>;

/** `POST /apps/<app_id>/batch_events`: up to 10 events, each to one channel. */
export const PusherBatchRequest = z.object({
  batch: z
    .array(
      z.object({
        name: PusherEventName,
        data: z.string(),
        channel: PusherChannelName,
        socket_id: PusherSocketId.optional(),
        info: z.string().optional(),
      }),
    )
    .min(1)
    .max(10),
});
export type PusherBatchRequest = z.infer<typeof PusherBatchRequest>;

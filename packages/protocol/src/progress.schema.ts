import { z } from "zod";
import type { UserId } from "./common.schema.ts";
import { PusherChannelName, PusherSocketId } from "./pusher.schema.ts";

/** Operation progress for a user travels on this private Pusher channel, and only the user may subscribe. */
export const PROGRESS_CHANNEL_PREFIX = "private-user-";

/**
 * The private channel of one user's operation progress.
 *
 * @example
 * progressChannelName("usr_01j9…") // "private-user-usr_01j9…"
 */
export function progressChannelName(userId: z.infer<typeof UserId>): string {
  return `${PROGRESS_CHANNEL_PREFIX}${userId}`;
}

/**
 * What a Pusher client's channel authorizer sends (the names pusher-js uses), as JSON: the socket it connected
 * with and the channel it wants.
 */
export const ProgressChannelAuthRequest = z.strictObject({
  socket_id: PusherSocketId,
  channel_name: PusherChannelName,
});
export type ProgressChannelAuthRequest = z.infer<typeof ProgressChannelAuthRequest>;

/** `<app key>:<HMAC-SHA256 of "<socket_id>:<channel_name>">`, what `pusher:subscribe` carries as `auth`. */
export const ProgressChannelAuthResponse = z.object({
  auth: z.string().regex(/^[^:]+:[0-9a-f]{64}$/),
});
export type ProgressChannelAuthResponse = z.infer<typeof ProgressChannelAuthResponse>;

import { progressChannelName } from "@multiclaw/protocol";
import { CloudError } from "../errors.ts";
import type { RouteBinder } from "../http/bind-routes.ts";
import { signChannelAuth } from "./pusher-signature.ts";

/**
 * `authorizeProgressChannel`: a signed-in user, or their gateway acting for them, gets the Pusher `auth` for
 * their own progress channel (`private-user-<userId>`) and for no other. It works for hosted Pusher and the
 * Cloud's own endpoint alike, since both check the same signature.
 *
 * @example
 * registerProgressChannelAuthRoutes(binder, { app: pusherApp });
 */
export function registerProgressChannelAuthRoutes(
  binder: RouteBinder,
  deps: { app: { key: string; secret: string } },
): void {
  binder.bind("authorizeProgressChannel", async ({ body, principal }) => {
    if (body.channel_name !== progressChannelName(principal.userId)) {
      throw new CloudError(
        "CHANNEL_FORBIDDEN",
        `You may subscribe to your own progress channel, ${progressChannelName(principal.userId)}, only`,
      );
    }
    return { auth: signChannelAuth(deps.app, body.socket_id, body.channel_name) };
  });
}

import { join } from "node:path";
import { UserAccount } from "@multiclaw/protocol";
import { z } from "zod";

/**
 * The user session as the gateway keeps it on disk: which Cloud, whose account, and the user's refresh token.
 * Never an access token: those live in memory only. A local file format, not a wire type.
 */
export const UserSessionFile = z.strictObject({
  version: z.literal(1),
  cloudUrl: z.url({ protocol: /^https?$/ }),
  account: z.strictObject(UserAccount.shape),
  refreshToken: z.string().min(1).max(512),
  savedAt: z.iso.datetime(),
});
export type UserSessionFile = z.infer<typeof UserSessionFile>;

/** Where the user session lives: `<gateway config dir>/user-session.json`, beside the device credential. */
export function userSessionPath(configDir: string): string {
  return join(configDir, "user-session.json");
}

import type { RouteBinder } from "../http/bind-routes.ts";
import type { AccountService } from "./accounts.ts";
import type { DeviceFlow } from "./device-flow.ts";
import type { SessionService } from "./sessions.ts";

export function registerAuthRoutes(
  binder: RouteBinder,
  services: { accounts: AccountService; sessions: SessionService; deviceFlow: DeviceFlow },
): void {
  const { accounts, sessions, deviceFlow } = services;
  binder.bind("signUp", ({ body }) => accounts.signUp(body));
  binder.bind("signIn", ({ body }) => accounts.signIn(body));
  binder.bind("refresh", async ({ body }) => ({ tokens: await sessions.refresh(body.refreshToken) }));
  binder.bind("signOut", async ({ body }) => {
    await sessions.signOut(body.refreshToken);
    return undefined;
  });
  binder.bind("me", ({ principal }) => accounts.me(principal));

  binder.bind("deviceCode", ({ body }) => deviceFlow.requestCode(body));
  binder.bind("deviceToken", ({ body }) => deviceFlow.pollToken(body.deviceCode));
  binder.bind("deviceLookup", ({ params }) => deviceFlow.lookup(params.userCode));
  binder.bind("deviceApprove", async ({ principal, body }) => {
    await deviceFlow.approve(principal, body);
    return undefined;
  });
}

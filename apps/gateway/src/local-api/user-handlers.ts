import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/** The user session: who is signed in as a user through this gateway, signing in, signing up and signing out. */
export function bindUserHandlers(binder: GatewayRouteBinder, deps: LocalApiDeps): void {
  binder.bind("user", () => deps.user.current());
  binder.bind("signInUser", ({ body }) => deps.user.signIn(body));
  binder.bind("signOutUser", () => deps.user.signOut());
  binder.bind("signUpUser", ({ body }) => deps.user.signUp(body));
}

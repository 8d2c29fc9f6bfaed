import type { LoginStatus, SignedInUser, UserSession } from "@multiclaw/protocol";
import { type QueryClient, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { gateway } from "../../api/clients.ts";
import { userSessionKey } from "../../api/use-user-session.ts";

/*
 * The Account screen's server state: the user session (shared with every screen through `userSessionKey`) and
 * the gateway's own device sign-in. Every gateway query lives under the `gateway` root.
 */

const gatewayRoot = ["gateway"] as const;
export const gatewayLoginKey = [...gatewayRoot, "login"] as const;

/** While the device sign-in waits for approval it is polled this often; the Cloud's own poll is slower. */
const PENDING_POLL_MS = 2000;
const SETTLED_POLL_MS = 15_000;

export const gatewayLoginOptions = () =>
  queryOptions({
    queryKey: gatewayLoginKey,
    queryFn: ({ signal }) => gateway.loginStatus({ signal }),
    refetchInterval: (query) => (query.state.data?.state === "pending" ? PENDING_POLL_MS : SETTLED_POLL_MS),
  });

/**
 * A different user (or none) makes every cached answer someone else's: they are dropped and the screens on view
 * fetch again, so no data of the previous user stays on screen.
 */
async function switchUser(queryClient: QueryClient, session: UserSession): Promise<void> {
  queryClient.setQueryData(userSessionKey, session);
  await queryClient.resetQueries({
    predicate: (query) => query.queryKey.join("/") !== userSessionKey.join("/"),
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string; cloudUrl?: string }) => gateway.signInUser(body),
    onSuccess: (user: SignedInUser) => switchUser(queryClient, user),
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string; name: string; cloudUrl?: string }) =>
      gateway.call("signUpUser", { body }),
    onSuccess: (user: SignedInUser) => switchUser(queryClient, user),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => gateway.signOutUser(),
    onSuccess: () => switchUser(queryClient, { state: "signed-out" }),
  });
}

/** Starts the gateway's device sign-in; the answer already carries the code to show. */
export function useStartGatewayLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cloudUrl: string | undefined) =>
      gateway.startLogin(cloudUrl === undefined ? {} : { cloudUrl }),
    onSuccess: (status: LoginStatus) => queryClient.setQueryData(gatewayLoginKey, status),
  });
}

import { useQuery } from "@tanstack/react-query";
import { useUserSession } from "../../api/use-user-session.ts";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { gatewayLoginOptions, useSignOut } from "./account-queries.ts";
import { GatewaySignIn } from "./gateway-sign-in.tsx";
import { SignInForm } from "./sign-in-form.tsx";
import { SignedInAccount } from "./signed-in-account.tsx";

/** Signing in or up at the Cloud, the account and its workspaces, signing out, and the gateway's own sign-in. */
export function AccountScreen() {
  const session = useUserSession();
  const login = useQuery(gatewayLoginOptions());
  const signOut = useSignOut();
  const user = session.data?.state === "signed-in" ? session.data : null;
  const gatewaySignedOut = login.data?.state === "signed-out" || login.data?.state === "failed";
  return (
    <div className="flex h-full flex-col overflow-y-auto">
      <PageHeader
        title="Account"
        description="Who you are signed in as, your workspaces, and this gateway's link to your Cloud."
      />
      <div className="flex flex-col items-start gap-6 p-4 sm:p-6">
        {signOut.data?.revokedAtCloud === false && !user ? (
          <p role="status" className="max-w-2xl text-sm text-amber-800 dark:text-amber-300">
            Signed out on this machine. The Cloud could not be reached, so the session there ends when it
            expires.
          </p>
        ) : null}
        {session.isPending ? (
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            Checking who is signed in…
          </p>
        ) : null}
        {session.isError ? <ErrorNotice error={session.error} /> : null}
        {user ? <SignedInAccount user={user} onSignOut={() => signOut.mutateAsync()} /> : null}
        {session.data?.state === "signed-out" && !login.isPending ? (
          <SignInForm
            key={login.data?.cloudUrl ?? "default"}
            cloudUrl={login.data?.cloudUrl ?? null}
            cloudEditable={gatewaySignedOut}
          />
        ) : null}
        <GatewaySignIn userCloudUrl={user?.cloudUrl ?? null} />
      </div>
    </div>
  );
}

import type { LoginStatus } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, ExternalLink, MonitorSmartphone } from "lucide-react";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { gatewayLoginOptions, useStartGatewayLogin } from "./account-queries.ts";
import { DeviceCode } from "./device-code.tsx";

/*
 * The gateway's own sign-in (device authorization), apart from the user's: it is what links this machine to the
 * workspace so tasks reach it and agents and keys sync. Signed out, a button starts it; the code to approve is
 * shown with a link to the Cloud's approval page, and the status is polled until approved, refused or expired.
 */

function SignedIn({ status }: { status: LoginStatus }) {
  const who = status.signedIn;
  return (
    <p className="flex items-start gap-2 text-sm">
      <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
      <span>
        Signed in
        {status.cloudUrl ? ` to ${status.cloudUrl}` : ""}
        {who?.workspace.name ? `, workspace ${who.workspace.name}` : ""}
        {who?.account.email ? `, approved by ${who.account.email}` : ""}
        {who?.instance.name ? `, as the device “${who.instance.name}”` : ""}.
      </span>
    </p>
  );
}

function Pending({ status }: { status: LoginStatus }) {
  const approveAt = status.verificationUriComplete ?? status.verificationUri;
  return (
    <div className="flex flex-col gap-3">
      {status.userCode ? <DeviceCode code={status.userCode} /> : null}
      {approveAt ? (
        <a
          href={approveAt}
          target="_blank"
          rel="noreferrer"
          className="inline-flex w-fit items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Open the approval page
          <ExternalLink aria-hidden className="size-4" />
          <span className="sr-only">(opens in a new tab)</span>
        </a>
      ) : null}
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        Waiting for approval{status.cloudUrl ? ` at ${status.cloudUrl}` : ""}
        {status.expiresAt ? (
          <>
            {" "}
            (the code expires <RelativeTime at={status.expiresAt} />)
          </>
        ) : null}
        …
      </p>
    </div>
  );
}

export function GatewaySignIn({ userCloudUrl }: { userCloudUrl: string | null }) {
  const login = useQuery(gatewayLoginOptions());
  const start = useStartGatewayLogin();
  const status = login.data;
  const signedOut = status?.state === "signed-out" || status?.state === "failed";
  return (
    <section
      aria-labelledby="gateway-sign-in-title"
      className="flex w-full max-w-2xl flex-col gap-3 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id="gateway-sign-in-title" className="flex items-center gap-2 text-base font-semibold">
        <MonitorSmartphone aria-hidden className="size-5" />
        This gateway
      </h2>
      {login.isError ? <ErrorNotice error={login.error} /> : null}
      {status?.state === "signed-in" ? <SignedIn status={status} /> : null}
      {status?.state === "pending" ? <Pending status={status} /> : null}
      {status?.state === "failed" && status.error ? (
        <p role="alert" className="flex items-start gap-2 text-sm text-red-800 dark:text-red-300">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          Signing in did not finish: {status.error.message}
        </p>
      ) : null}
      {signedOut ? (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Not signed in to a Cloud: your team's tasks do not reach it, and agents and keys do not sync to
            it. Signing it in asks you to approve this machine at your Cloud.
          </p>
          <ErrorNotice error={start.error} />
          <Button
            variant="primary"
            className="w-fit"
            busy={start.isPending}
            // A user already signed in: the gateway joins the same Cloud, which the user session requires.
            onClick={() => start.mutate(userCloudUrl ?? undefined)}
          >
            {status?.state === "failed" ? "Try again" : "Sign this gateway in"}
          </Button>
        </>
      ) : null}
    </section>
  );
}

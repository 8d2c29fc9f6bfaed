import type { Instance, Presence, Role } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { Laptop } from "lucide-react";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { type PillTone, StatusPill } from "../../ui/status-pill.tsx";
import { maySignOutInstance } from "./team-permissions.ts";
import { thisGatewayQuery, useSignOutInstance } from "./team-queries.ts";

const presenceLooks: Record<Presence, { label: string; tone: PillTone }> = {
  connected: { label: "Connected", tone: "good" },
  stale: { label: "Stale", tone: "waiting" },
  offline: { label: "Offline", tone: "quiet" },
};

const platformNames: Record<Instance["platform"], string> = {
  darwin: "macOS",
  linux: "Linux",
  win32: "Windows",
  other: "Other",
};

/**
 * A member's gateways (instances) and whether each is online now, as the Cloud's presence says. A gateway may
 * be signed out from here by its owner or an admin — except the one serving this window, which the Account
 * screen signs out (doing it here would cut the page off mid-action).
 */
export function InstanceList({
  workspaceId,
  instances,
  actor,
  now,
}: {
  workspaceId: string;
  instances: readonly Instance[];
  actor: { userId: string; role: Role };
  now: number;
}) {
  const thisGateway = useQuery(thisGatewayQuery());
  const signOut = useSignOutInstance(workspaceId);
  if (instances.length === 0) {
    return <p className="text-xs text-zinc-600 dark:text-zinc-400">No gateway signed in.</p>;
  }
  return (
    <ul aria-label="Gateways" className="flex flex-col gap-1.5">
      {instances.map((instance) => {
        const { label, tone } = presenceLooks[instance.presence];
        const isThis = instance.id === thisGateway.data;
        return (
          <li key={instance.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <Laptop aria-hidden className="size-4 shrink-0 text-zinc-500 dark:text-zinc-400" />
            <span className="font-medium">{instance.name}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              {platformNames[instance.platform]}
              {isThis ? " · this computer" : ""}
            </span>
            <StatusPill tone={tone}>{label}</StatusPill>
            {instance.presence !== "connected" ? (
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {instance.lastSeenAt === null ? (
                  "never seen"
                ) : (
                  <>
                    seen <RelativeTime at={instance.lastSeenAt} now={now} />
                  </>
                )}
              </span>
            ) : null}
            {!isThis && maySignOutInstance(actor, instance).allowed ? (
              <ConfirmButton
                label="Sign out"
                ariaLabel={`Sign out ${instance.name}`}
                title={`Sign out ${instance.name}?`}
                confirmLabel="Sign out gateway"
                variant="ghost"
                confirmVariant="danger"
                onConfirm={() => signOut.mutateAsync({ instanceId: instance.id })}
              >
                Its device credential is revoked: it stops syncing and can no longer pick up tasks until
                someone signs it in again with <code>multiclaw login</code>.
              </ConfirmButton>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

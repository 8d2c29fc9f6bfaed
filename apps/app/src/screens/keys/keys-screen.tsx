import { Provider } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { Info } from "lucide-react";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { RequireUser, type UserContext } from "../../ui/require-user.tsx";
import { keyChangeRefusal } from "./key-permissions.ts";
import { membersOptions, providerKeysOptions } from "./keys-queries.ts";
import { ProviderKeyCard } from "./provider-key-card.tsx";

function ProviderKeys({ workspace }: UserContext) {
  const { workspaceId } = workspace;
  const keys = useQuery(providerKeysOptions(workspaceId));
  // Names are a nicety: without them the card just leaves out who set the key.
  const members = useQuery(membersOptions(workspaceId));
  const refusal = keyChangeRefusal(workspace.role, workspace.name);
  const nameOf = (userId: string) => {
    const member = members.data?.members.find((each) => each.userId === userId);
    return member ? member.name || member.email : null;
  };
  return (
    <div className="flex max-w-3xl flex-col gap-4 p-4 sm:p-6">
      {refusal ? (
        <p className="flex items-start gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
          <Info aria-hidden className="mt-0.5 size-4 shrink-0" />
          {refusal}
        </p>
      ) : null}
      {keys.isPending ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Loading keys…
        </p>
      ) : null}
      <ErrorNotice error={keys.error} />
      {keys.data ? (
        <ul className="flex flex-col gap-3">
          {Provider.options.map((provider) => {
            const summary = keys.data.keys.find((key) => key.provider === provider);
            return (
              <ProviderKeyCard
                key={`${workspaceId}:${provider}`}
                workspaceId={workspaceId}
                provider={provider}
                summary={summary}
                setBy={summary ? nameOf(summary.updatedBy) : null}
                canChange={refusal === null}
              />
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** The workspace's provider keys: set, replace and remove per provider; members see them and why they cannot. */
export function KeysScreen() {
  return (
    <div className="flex h-full flex-col overflow-y-auto">
      <PageHeader
        title="Keys"
        description="Provider keys are stored encrypted in your Cloud and sent only to your workspace's gateways. Nobody can read them back; the list shows their last four characters."
      />
      <RequireUser what="your workspace's provider keys">
        {(context) => <ProviderKeys {...context} />}
      </RequireUser>
    </div>
  );
}

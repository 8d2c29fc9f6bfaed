import type { Provider, ProviderKeySummary } from "@multiclaw/protocol";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { providerNames } from "../../api/provider-names.ts";
import { Button } from "../../ui/button.tsx";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { RelativeTime } from "../../ui/relative-time.tsx";
import { useDeleteProviderKey } from "./keys-queries.ts";
import { ProviderKeyForm } from "./provider-key-form.tsx";

/** One provider: whether a key is set (its last four, the endpoint, who set it and when), and changing it. */
export function ProviderKeyCard({
  workspaceId,
  provider,
  summary,
  setBy,
  canChange,
}: {
  workspaceId: string;
  provider: Provider;
  summary: ProviderKeySummary | undefined;
  /** The name of whoever set the key. */
  setBy: string | null;
  canChange: boolean;
}) {
  const providerName = providerNames[provider];
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const remove = useDeleteProviderKey(workspaceId);
  const headingId = `provider-${provider}`;
  return (
    <li className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="flex items-center gap-2 font-semibold">
            <KeyRound aria-hidden className="size-4 text-zinc-500" />
            {providerName}
          </h2>
          {summary ? (
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-zinc-600 dark:text-zinc-400">
              <dt>Key</dt>
              <dd className="font-mono text-zinc-900 dark:text-zinc-100">…{summary.lastFour}</dd>
              {summary.baseUrl ? (
                <>
                  <dt>Endpoint</dt>
                  <dd className="truncate">{summary.baseUrl}</dd>
                </>
              ) : null}
              <dt>Set</dt>
              <dd>
                {setBy ? `by ${setBy}, ` : ""}
                <RelativeTime at={summary.updatedAt} />
              </dd>
            </dl>
          ) : (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              No key set. Agents using {providerName} cannot answer.
            </p>
          )}
          {saved ? (
            <p role="status" className="mt-1 text-sm text-emerald-700 dark:text-emerald-400">
              Saved key …{saved}. The workspace's gateways use it from now on.
            </p>
          ) : null}
        </div>
        {editing ? null : (
          <div className="flex shrink-0 gap-2">
            <Button
              variant={summary ? "secondary" : "primary"}
              disabled={!canChange}
              onClick={() => {
                setSaved(null);
                setEditing(true);
              }}
              aria-label={summary ? `Replace the ${providerName} key` : `Set key for ${providerName}`}
            >
              {summary ? "Replace" : "Set key"}
            </Button>
            {summary ? (
              <ConfirmButton
                label="Remove"
                ariaLabel={`Remove the ${providerName} key`}
                confirmVariant="danger"
                disabled={!canChange}
                title={`Remove the ${providerName} key?`}
                confirmLabel="Remove key"
                onConfirm={() => remove.mutateAsync(provider)}
              >
                The key ending …{summary.lastFour} is deleted from the Cloud. Agents using {providerName} stop
                working on every gateway of the workspace until a key is set again.
              </ConfirmButton>
            ) : null}
          </div>
        )}
      </div>
      {editing ? (
        <ProviderKeyForm
          workspaceId={workspaceId}
          provider={provider}
          currentBaseUrl={summary?.baseUrl ?? null}
          onDone={(result) => {
            setEditing(false);
            setSaved(result?.lastFour ?? null);
          }}
        />
      ) : null}
    </li>
  );
}

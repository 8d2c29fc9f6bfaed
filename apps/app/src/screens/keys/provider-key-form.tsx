import { type Provider, PutProviderKeyRequest } from "@multiclaw/protocol";
import { type FormEvent, useState } from "react";
import { providerNames } from "../../api/provider-names.ts";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { usePutProviderKey } from "./keys-queries.ts";
import { providerCatalog } from "./provider-catalog.ts";

/*
 * Setting or replacing one provider's key. The key is typed into a password field, sent once, and dropped from
 * the form as soon as the Cloud has it; nothing echoes it back. The Cloud replaces the base URL along with the
 * key, so the current one is filled in to be kept unless changed.
 */

/** The protocol's own rules decide; the words are the form's. */
function keyProblemOf(apiKey: string): string | undefined {
  if (PutProviderKeyRequest.shape.apiKey.safeParse(apiKey).success) return undefined;
  return apiKey.trim() === "" ? "Paste the key" : "That is not a whole key: keys have 8 to 4,096 characters";
}

function urlProblemOf(url: string, required: boolean): string | undefined {
  if (url === "") return required ? "The endpoint's base URL is required" : undefined;
  return PutProviderKeyRequest.shape.baseUrl.safeParse(url).success
    ? undefined
    : "Enter an http:// or https:// URL";
}

export function ProviderKeyForm({
  workspaceId,
  provider,
  currentBaseUrl,
  onDone,
}: {
  workspaceId: string;
  provider: Provider;
  currentBaseUrl: string | null;
  onDone: (saved: { lastFour: string } | null) => void;
}) {
  const entry = providerCatalog[provider];
  const providerName = providerNames[provider];
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(currentBaseUrl ?? "");
  const [checked, setChecked] = useState(false);
  const put = usePutProviderKey(workspaceId);
  const trimmedUrl = baseUrl.trim();
  const keyProblem = keyProblemOf(apiKey);
  const urlProblem = urlProblemOf(trimmedUrl, entry.needsBaseUrl);

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (keyProblem || urlProblem) return;
    put.mutate(
      { provider, apiKey, ...(trimmedUrl === "" ? {} : { baseUrl: trimmedUrl }) },
      {
        onSuccess: (summary) => {
          setApiKey("");
          onDone({ lastFour: summary.lastFour });
        },
      },
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="mt-3 flex flex-col gap-3 rounded-md bg-zinc-50 p-3 dark:bg-zinc-900"
    >
      <TextField
        label={`${providerName} API key`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-1p-ignore
        data-lpignore="true"
        hint={entry.keyHint}
        error={checked ? keyProblem : undefined}
        value={apiKey}
        onChange={(event) => setApiKey(event.target.value)}
        autoFocus
      />
      <TextField
        label={entry.needsBaseUrl ? "Base URL" : "Base URL (optional)"}
        type="url"
        inputMode="url"
        placeholder={entry.baseUrlExample}
        hint={
          entry.needsBaseUrl
            ? `Where your server answers, e.g. ${entry.baseUrlExample}`
            : `Only for a proxy or gateway in front of ${providerName}; leave empty for ${entry.baseUrlExample}.`
        }
        error={checked ? urlProblem : undefined}
        value={baseUrl}
        onChange={(event) => setBaseUrl(event.target.value)}
      />
      <ErrorNotice error={put.error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" busy={put.isPending}>
          Save key
        </Button>
        <Button onClick={() => onDone(null)} disabled={put.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

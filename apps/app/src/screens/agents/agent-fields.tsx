import { Provider } from "@multiclaw/protocol";
import { useId } from "react";
import { Link } from "wouter";
import { TextAreaField } from "../../ui/text-area-field.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { AgentDraft, DraftField } from "./agent-draft.ts";
import { providerLabels, suggestedModels } from "./provider-models.ts";

type Problems = Partial<Record<DraftField, string>>;

/** Name, provider and model, and instructions: what the agent is. */
export function AgentFields({
  draft,
  problems,
  providersWithKeys,
  onChange,
}: {
  draft: AgentDraft;
  problems: Problems;
  /** Null while not known; a provider outside it gets a note that its agents cannot answer. */
  providersWithKeys: ReadonlySet<Provider> | null;
  onChange: (change: Partial<AgentDraft>) => void;
}) {
  const providerId = useId();
  const modelsId = useId();
  const keyMissing = providersWithKeys !== null && !providersWithKeys.has(draft.provider);
  return (
    <>
      <TextField
        label="Name"
        required
        maxLength={100}
        value={draft.name}
        error={problems.name}
        onChange={(event) => onChange({ name: event.target.value })}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={providerId} className="text-sm font-medium">
            Provider
          </label>
          <select
            id={providerId}
            value={draft.provider}
            aria-describedby={keyMissing ? `${providerId}-key` : undefined}
            onChange={(event) => onChange({ provider: Provider.parse(event.target.value) })}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {Provider.options.map((provider) => (
              <option key={provider} value={provider}>
                {providerLabels[provider]}
                {providersWithKeys && !providersWithKeys.has(provider) ? " (no key)" : ""}
              </option>
            ))}
          </select>
          {keyMissing ? (
            <p id={`${providerId}-key`} className="text-xs text-amber-800 dark:text-amber-300">
              This workspace has no {providerLabels[draft.provider]} key yet: add one on the{" "}
              <Link href="/keys" className="font-medium underline">
                Keys
              </Link>{" "}
              screen, or the agent cannot answer.
            </p>
          ) : null}
        </div>
        <TextField
          label="Model"
          required
          list={modelsId}
          spellCheck={false}
          autoComplete="off"
          placeholder={suggestedModels[draft.provider][0] ?? "the model id your server serves"}
          value={draft.model}
          error={problems.model}
          onChange={(event) => onChange({ model: event.target.value })}
        />
        <datalist id={modelsId}>
          {suggestedModels[draft.provider].map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </div>
      <TextAreaField
        label="Instructions"
        hint="What the agent should do and how: its system prompt."
        rows={8}
        maxLength={100_000}
        value={draft.instructions}
        error={problems.instructions}
        onChange={(event) => onChange({ instructions: event.target.value })}
      />
    </>
  );
}

import { Provider } from "@multiclaw/protocol";
import { useId } from "react";
import { Link } from "wouter";
import { providerNames } from "../../api/provider-names.ts";
import { SelectField } from "../../ui/select-field.tsx";
import { TextAreaField } from "../../ui/text-area-field.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { AgentDraft, DraftField } from "./agent-draft.ts";
import { suggestedModels } from "./provider-models.ts";

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
        <SelectField
          label="Provider"
          value={draft.provider}
          onChange={(event) => onChange({ provider: Provider.parse(event.target.value) })}
          warning={
            keyMissing ? (
              <>
                This workspace has no {providerNames[draft.provider]} key yet: add one on the{" "}
                <Link href="/keys" className="font-medium underline">
                  Keys
                </Link>{" "}
                screen, or the agent cannot answer.
              </>
            ) : null
          }
        >
          {Provider.options.map((provider) => (
            <option key={provider} value={provider}>
              {providerNames[provider]}
              {providersWithKeys && !providersWithKeys.has(provider) ? " (no key)" : ""}
            </option>
          ))}
        </SelectField>
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

import { TextAreaField } from "../../ui/text-area-field.tsx";
import type { AgentDraft, DraftField } from "./agent-draft.ts";

const patternHint =
  "One tool per line: built-in tools like files.write, an MCP server's as server__tool, and * at the end for all that start so (git__*).";

/** Which tools pause for the person's approval, and which the agent may never call. */
export function ToolPolicyFields({
  draft,
  problems,
  onChange,
}: {
  draft: AgentDraft;
  problems: Partial<Record<DraftField, string>>;
  onChange: (change: Partial<AgentDraft>) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="text-sm font-medium">Tool policy</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextAreaField
          label="Ask me before running"
          hint={patternHint}
          rows={3}
          spellCheck={false}
          inputClassName="font-mono"
          value={draft.requireApproval}
          error={problems.requireApproval}
          onChange={(event) => onChange({ requireApproval: event.target.value })}
        />
        <TextAreaField
          label="Never run"
          hint="The agent cannot call these at all, even with approval."
          rows={3}
          spellCheck={false}
          inputClassName="font-mono"
          value={draft.deny}
          error={problems.deny}
          onChange={(event) => onChange({ deny: event.target.value })}
        />
      </div>
    </fieldset>
  );
}

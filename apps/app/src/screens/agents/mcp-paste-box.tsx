import { MAX_MCP_SERVERS, type McpServers, secretLookingValues } from "@multiclaw/protocol";
import { useState } from "react";
import { Button } from "../../ui/button.tsx";
import { TextAreaField } from "../../ui/text-area-field.tsx";
import { type McpPaste, readMcpServersPaste } from "./mcp-servers-paste.ts";

const example = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Documents"]
    }
  }
}`;

function PasteOutcome({ paste, replaced }: { paste: McpPaste; replaced: readonly string[] }) {
  if (!paste.ok) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {paste.problem}
      </p>
    );
  }
  const added = Object.keys(paste.servers);
  const secrets = secretLookingValues(paste.servers);
  return (
    <div role="status" className="flex flex-col gap-1 text-sm">
      {added.length > 0 ? (
        <p className="text-emerald-700 dark:text-emerald-400">
          Added {added.join(", ")}
          {replaced.length > 0 ? ` (replacing ${replaced.join(", ")})` : ""}. Save the agent to keep them.
        </p>
      ) : null}
      {paste.refused.length > 0 ? (
        <div className="text-red-700 dark:text-red-400">
          <p>Not added:</p>
          <ul className="list-disc pl-5">
            {paste.refused.map((refused) => (
              <li key={refused.name}>
                <span className="font-mono">{refused.name}</span>: {refused.problems.join("; ")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {secrets.length > 0 ? (
        <p className="text-amber-800 dark:text-amber-300">
          {secrets.join(", ")} {secrets.length === 1 ? "looks like a credential" : "look like credentials"}.
          Unlike provider keys they are stored with the agent as written: every member of the workspace can
          read them and every gateway that runs the agent receives them. Use a token made for this, with the
          least rights it needs.
        </p>
      ) : null}
    </div>
  );
}

/** Pasting Claude Desktop's or Cursor's `mcpServers` JSON; good entries join the agent, refused ones say why. */
export function McpPasteBox({
  current,
  onAdd,
  disabled,
}: {
  current: McpServers;
  onAdd: (servers: McpServers) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<{ paste: McpPaste; replaced: string[] } | null>(null);

  function add() {
    const paste = readMcpServersPaste(text);
    if (paste.ok) {
      const names = Object.keys(paste.servers);
      const total = new Set([...Object.keys(current), ...names]).size;
      if (total > MAX_MCP_SERVERS) {
        setOutcome({
          paste: {
            ok: false,
            problem: `An agent has at most ${MAX_MCP_SERVERS} MCP servers; this makes ${total}.`,
          },
          replaced: [],
        });
        return;
      }
      onAdd(paste.servers);
      if (paste.refused.length === 0) setText("");
      setOutcome({ paste, replaced: names.filter((name) => name in current) });
      return;
    }
    setOutcome({ paste, replaced: [] });
  }

  return (
    <div className="flex flex-col gap-2">
      <TextAreaField
        label="Add MCP servers from Claude Desktop or Cursor"
        hint="Paste the mcpServers JSON from claude_desktop_config.json or .cursor/mcp.json. Each name becomes the prefix of its tools (name__tool)."
        placeholder={example}
        rows={6}
        spellCheck={false}
        inputClassName="font-mono"
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
      />
      <Button className="w-fit" onClick={add} disabled={disabled || text.trim() === ""}>
        Add servers
      </Button>
      {outcome ? <PasteOutcome paste={outcome.paste} replaced={outcome.replaced} /> : null}
    </div>
  );
}

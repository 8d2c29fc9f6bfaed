import type { UpdateInstruction } from "@multiclaw/protocol";
import { Download } from "lucide-react";
import { CopyButton } from "../../ui/copy-button.tsx";

const installedAsWords: Record<UpdateInstruction["installedAs"], string> = {
  "git-checkout": "This copy runs from a git checkout. To update it, run:",
  "npm-global": "This copy was installed with npm. To update it, run:",
  other: "To update, run:",
};

/**
 * How to install the update, as this copy was installed: the command to run, with a copy button, or the
 * download link (opened in a new tab; the App itself never downloads anything).
 */
export function UpdateInstructionView({ instruction }: { instruction: UpdateInstruction }) {
  if (instruction.kind === "download") {
    return (
      <a
        href={instruction.url}
        target="_blank"
        rel="noreferrer noopener"
        className="inline-flex items-center gap-2 self-start rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
      >
        <Download aria-hidden className="size-4" />
        Download the new version
      </a>
    );
  }
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{installedAsWords[instruction.installedAs]}</p>
      <div className="flex items-center gap-1 rounded-md border border-zinc-200 bg-zinc-50 py-1 pr-1 pl-3 dark:border-zinc-700 dark:bg-zinc-950">
        <code className="min-w-0 flex-1 overflow-x-auto font-mono text-sm whitespace-nowrap">
          {instruction.command}
        </code>
        <CopyButton label="Copy command" getText={() => instruction.command} />
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Then restart MultiClaw.</p>
    </div>
  );
}

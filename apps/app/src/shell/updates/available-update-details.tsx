import { ExternalLink } from "lucide-react";
import type { AvailableUpdate } from "./update-check-summary.ts";
import { UpdateInstructionView } from "./update-instruction.tsx";

function releaseDate(releasedAt: string): string | null {
  const date = new Date(releasedAt);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleDateString(undefined, { dateStyle: "long" });
}

/** An offered release: when it came out, its release notes, and how to install it here. */
export function AvailableUpdateDetails({ update }: { update: AvailableUpdate }) {
  const released = releaseDate(update.releasedAt);
  return (
    <div className="flex flex-col gap-3">
      {released || update.notesUrl ? (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          {released ? <span>Released {released}</span> : null}
          {update.notesUrl ? (
            <a
              href={update.notesUrl}
              target="_blank"
              rel="noreferrer noopener"
              className="inline-flex items-center gap-1 font-medium text-indigo-700 underline dark:text-indigo-300"
            >
              Release notes
              <ExternalLink aria-hidden className="size-3.5" />
            </a>
          ) : null}
        </p>
      ) : null}
      <UpdateInstructionView instruction={update.instruction} />
    </div>
  );
}

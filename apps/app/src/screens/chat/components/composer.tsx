import type { RunMode } from "@multiclaw/protocol";
import { ArrowUp, Square } from "lucide-react";
import { type ReactNode, useId, useLayoutEffect, useRef } from "react";
import { Button } from "../../../ui/button.tsx";

/** The tallest the box grows before it scrolls, as a share of the window. */
const MAX_HEIGHT_SHARE = 0.4;

const modeLabels: Record<RunMode, string> = {
  chat: "Answer directly",
  task: "Plan first",
};

export interface ComposerProps {
  draft: string;
  onDraftChange(draft: string): void;
  mode: RunMode;
  onModeChange(mode: RunMode): void;
  onSend(): void;
  sending: boolean;
  /** Why nothing can be sent now (no agent, a run still going); the box stays readable but says why. */
  blockedReason: ReactNode | null;
  /** Shown while a run streams: stops it (as Esc does). */
  onStop: (() => void) | null;
  stopping: boolean;
}

/**
 * Where the person writes: a box that grows with its text, Enter sends and Shift+Enter breaks the line, the
 * run's mode (answer directly, or propose a plan to approve first), and Stop while an answer streams.
 */
export function Composer(props: ComposerProps) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const { draft, blockedReason, sending } = props;
  const canSend = blockedReason === null && !sending && draft.trim().length > 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text, which `draft` is
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, window.innerHeight * MAX_HEIGHT_SHARE)}px`;
  }, [draft]);

  return (
    <form
      className="mx-auto flex w-full max-w-3xl flex-col gap-2 px-4 pt-2 pb-4 sm:px-6"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) props.onSend();
      }}
    >
      {blockedReason ? (
        <p id={`${id}-blocked`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {blockedReason}
        </p>
      ) : null}
      <div className="flex flex-col gap-2 rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-indigo-500 dark:border-zinc-700 dark:bg-zinc-900">
        <label htmlFor={`${id}-text`} className="sr-only">
          Message
        </label>
        <textarea
          id={`${id}-text`}
          ref={box}
          rows={1}
          value={draft}
          placeholder="Message the agent"
          aria-describedby={blockedReason ? `${id}-blocked` : undefined}
          maxLength={100_000}
          onChange={(event) => props.onDraftChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
            // Ctrl/Cmd+Enter belongs to "approve the plan" (the screen's shortcut).
            if (event.metaKey || event.ctrlKey) return;
            event.preventDefault();
            if (canSend) props.onSend();
          }}
          className="max-h-[40vh] resize-none bg-transparent px-2 py-1 text-sm outline-none"
        />
        <div className="flex items-center justify-between gap-2">
          <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            <span>Mode</span>
            <select
              value={props.mode}
              onChange={(event) => props.onModeChange(event.target.value as RunMode)}
              className="rounded-md border border-zinc-300 bg-white px-1 py-1 text-xs text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            >
              {(Object.keys(modeLabels) as RunMode[]).map((mode) => (
                <option key={mode} value={mode}>
                  {modeLabels[mode]}
                </option>
              ))}
            </select>
          </label>
          {props.onStop ? (
            <Button
              variant="secondary"
              busy={props.stopping}
              onClick={props.onStop}
              aria-keyshortcuts="Escape"
            >
              <Square aria-hidden className="size-3.5 fill-current" /> Stop
            </Button>
          ) : (
            <Button
              type="submit"
              variant="primary"
              disabled={!canSend}
              busy={sending}
              aria-label="Send message"
            >
              <ArrowUp aria-hidden className="size-4" /> Send
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}

import { useEffect, useRef } from "react";

export interface ChatShortcutHandlers {
  focusSearch(): void;
  newChat(): void;
  /** Esc: stops the streaming run; returns false when there was none, so Esc keeps its other meanings. */
  stopRun(): boolean;
  /** Ctrl/Cmd+Enter: approves the plan in view; false when none waits. */
  approvePlan(): boolean;
}

/**
 * The chat screen's keys: Ctrl/Cmd+K search, Ctrl/Cmd+Shift+O new chat (as in ChatGPT; Ctrl+Shift+N belongs
 * to the browser), Esc stop, Ctrl/Cmd+Enter approve the plan. Handlers are read at key time, so callers need
 * not memoise them.
 */
export function useChatShortcuts(handlers: ChatShortcutHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (command && !event.shiftKey && key === "k") {
        event.preventDefault();
        latest.current.focusSearch();
      } else if (command && event.shiftKey && key === "o") {
        event.preventDefault();
        latest.current.newChat();
      } else if (command && key === "enter") {
        if (latest.current.approvePlan()) event.preventDefault();
      } else if (key === "escape" && !command) {
        if (latest.current.stopRun()) event.preventDefault();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

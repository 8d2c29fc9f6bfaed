import clsx from "clsx";
import type { LucideIcon } from "lucide-react";
import { MoreHorizontal } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";

export interface ConversationMenuItem {
  label: string;
  icon: LucideIcon;
  onSelect(): void;
  danger?: boolean;
}

/**
 * A conversation's actions behind a "⋯" button, as a menu button (WAI-ARIA): Enter, Space or ArrowDown open
 * it on the first item, arrows move, Home/End jump, Escape closes and gives the focus back to the button, and
 * a click outside or Tab closes it.
 */
export function ConversationMenu({
  label,
  items,
}: {
  /** Names the conversation: "Actions for Trip planning". */
  label: string;
  items: readonly ConversationMenuItem[];
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    itemsOf(menu.current)[0]?.focus();
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent) {
    const all = itemsOf(menu.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const target = targetIndex(event.key, at, all.length);
    if (target !== null) {
      event.preventDefault();
      all[target]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      // The chat's Esc (stop the answer) is not for a menu being closed.
      event.stopPropagation();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  }

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="rounded-md p-1 text-zinc-600 hover:bg-zinc-200 focus-visible:opacity-100 dark:text-zinc-400 dark:hover:bg-zinc-700"
      >
        <MoreHorizontal aria-hidden className="size-4" />
      </button>
      {open ? (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          tabIndex={-1}
          onKeyDown={onMenuKey}
          className="absolute top-full right-0 z-20 mt-1 min-w-48 rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
              className={clsx(
                "flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm whitespace-nowrap hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800",
                item.danger ? "text-red-700 dark:text-red-400" : "text-zinc-800 dark:text-zinc-200",
              )}
            >
              <item.icon aria-hidden className="size-4" />
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  return [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
}

/** The item a key moves the focus to, wrapping around; null for a key that does not move it. */
function targetIndex(key: string, at: number, count: number): number | null {
  if (key === "ArrowDown") return (at + 1) % count;
  if (key === "ArrowUp") return (at - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

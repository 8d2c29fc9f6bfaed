import { Bell, BellOff } from "lucide-react";
import { useState } from "react";
import { setNotificationsWanted, useNotificationState } from "../hooks/notification-preference.ts";

/**
 * The bell: turns system notifications on (asking the browser's permission on this click) or off. A blocked
 * permission is said in the button's title, since only the browser's site settings can undo it.
 */
export function NotificationToggle() {
  const state = useNotificationState();
  const [refused, setRefused] = useState(false);
  if (state === "unsupported") return null;
  const enabled = state === "on";
  const label = enabled
    ? "Notifications on: turn off"
    : refused || state === "blocked"
      ? "Notifications are blocked in the browser's site settings"
      : "Notify me when a run ends or waits for me";
  const Icon = enabled ? Bell : BellOff;
  return (
    <button
      type="button"
      aria-pressed={enabled}
      aria-label={label}
      title={label}
      onClick={() => {
        void setNotificationsWanted(!enabled).then((permission) => setRefused(permission === "denied"));
      }}
      className="rounded-md p-1.5 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <Icon aria-hidden className="size-5" />
    </button>
  );
}

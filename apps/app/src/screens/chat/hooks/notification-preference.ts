import { useSyncExternalStore } from "react";

/*
 * Whether the person wants a system notification when a run ends or waits while the window is hidden. The
 * browser's permission is asked only from the bell's click (a user gesture); the choice survives a reload.
 */

const PREFERENCE_KEY = "multiclaw.chat.notify";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function enabledNow(): boolean {
  return (
    typeof Notification !== "undefined" &&
    Notification.permission === "granted" &&
    window.localStorage.getItem(PREFERENCE_KEY) === "on"
  );
}

/** True when notifications are both wanted and allowed. */
export function useNotificationsEnabled(): boolean {
  return useSyncExternalStore(subscribe, enabledNow);
}

/** Turns notifications on (asking the browser's permission first when needed) or off; resolves to the result. */
export async function setNotificationsWanted(
  wanted: boolean,
): Promise<NotificationPermission | "unsupported"> {
  if (typeof Notification === "undefined") return "unsupported";
  let permission = Notification.permission;
  if (wanted && permission === "default") permission = await Notification.requestPermission();
  window.localStorage.setItem(PREFERENCE_KEY, wanted && permission === "granted" ? "on" : "off");
  for (const listener of listeners) listener();
  return permission;
}

/** Shows a notification if wanted, allowed and the window is not in view; clicking it brings the page back. */
export function notifyIfHidden(title: string, body: string, tag: string): void {
  if (!enabledNow() || document.visibilityState === "visible") return;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

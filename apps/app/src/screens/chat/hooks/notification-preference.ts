import { useSyncExternalStore } from "react";
import { rememberedReading } from "../state/remembered-reading.ts";

/*
 * Whether the person wants a system notification when a run ends or waits while the window is hidden. The
 * browser's permission is asked only from the bell's click (a user gesture); the choice survives a reload.
 */

const PREFERENCE_KEY = "multiclaw.chat.notify";
const listeners = new Set<() => void>();

/*
 * Read once and kept: the permission and the stored choice are synchronous calls into the browser, and the
 * bell's store is read on every render of the header (a run's start re-renders it). Read again when this page
 * changes the choice, and when the page comes back into view (the permission may have changed in the
 * browser's settings, or the choice in another tab, meanwhile).
 */
const current = rememberedReading((): NotificationState => {
  if (typeof Notification === "undefined") return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  const wanted = window.localStorage.getItem(PREFERENCE_KEY) === "on";
  return Notification.permission === "granted" && wanted ? "on" : "off";
});

/** On (wanted and allowed), off, blocked in the browser's site settings, or not offered by this browser. */
export type NotificationState = "on" | "off" | "blocked" | "unsupported";

function readAgain(): void {
  current.forget();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    document.addEventListener("visibilitychange", readAgain);
    window.addEventListener("focus", readAgain);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    document.removeEventListener("visibilitychange", readAgain);
    window.removeEventListener("focus", readAgain);
  };
}

/** Whether notifications are on (both wanted and allowed), and if not, whether the browser blocks them. */
export function useNotificationState(): NotificationState {
  return useSyncExternalStore(subscribe, current.get);
}

/** Turns notifications on (asking the browser's permission first when needed) or off; resolves to the result. */
export async function setNotificationsWanted(
  wanted: boolean,
): Promise<NotificationPermission | "unsupported"> {
  if (typeof Notification === "undefined") return "unsupported";
  let permission = Notification.permission;
  if (wanted && permission === "default") permission = await Notification.requestPermission();
  window.localStorage.setItem(PREFERENCE_KEY, wanted && permission === "granted" ? "on" : "off");
  readAgain();
  return permission;
}

/** Shows a notification if wanted, allowed and the window is not in view; clicking it brings the page back. */
export function notifyIfHidden(title: string, body: string, tag: string): void {
  if (document.visibilityState === "visible" || current.get() !== "on") return;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

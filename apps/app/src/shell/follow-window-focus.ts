/**
 * Calls `onFocus` each time the window gets the focus back. TanStack Query's own focus refetch listens only for a
 * tab becoming visible, which never happens to an app window that stayed visible beside the browser the person
 * used meanwhile. Returns the unsubscribe.
 *
 * @example useEffect(() => followWindowFocus(window, refresh), [refresh]);
 */
export function followWindowFocus(
  target: Pick<EventTarget, "addEventListener" | "removeEventListener">,
  onFocus: () => void,
): () => void {
  const listener = () => onFocus();
  target.addEventListener("focus", listener);
  return () => target.removeEventListener("focus", listener);
}

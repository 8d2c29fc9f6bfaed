import { useEffect, useState } from "react";

/**
 * The current time, updated every `intervalMs`, so "42 s ago" keeps counting on a screen whose data did not
 * change. The timer stops with the component.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

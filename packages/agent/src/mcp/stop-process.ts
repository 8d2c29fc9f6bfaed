/*
 * Makes sure a stdio server's process is gone. The SDK's close ends stdin and escalates to SIGTERM and SIGKILL
 * after 2 s each, but does not wait for the SIGKILL, and a second close returns at once while the first is
 * still waiting; the same escalation is run here on our own clock, until the process has really exited.
 */
import { setTimeout as sleep } from "node:timers/promises";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

/**
 * Waits until `pid` has exited: after `graceMs` it gets SIGTERM, after twice that SIGKILL. The pid is our own
 * child, so Node reaps it as soon as it exits and a finished process does not linger as a zombie.
 */
export async function ensureExited(pid: number, graceMs: number): Promise<void> {
  const started = Date.now();
  let terminated = false;
  let killed = false;
  while (isAlive(pid)) {
    const elapsed = Date.now() - started;
    if (!terminated && elapsed >= graceMs) {
      send(pid, "SIGTERM");
      terminated = true;
    }
    if (!killed && elapsed >= 2 * graceMs) {
      send(pid, "SIGKILL");
      killed = true;
    }
    if (killed && elapsed >= 2 * graceMs + 2000) return;
    await sleep(20);
  }
}

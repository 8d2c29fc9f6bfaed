/** Shown when the page has no session with the gateway: how to get one (the page cannot mint its own). */
export function NoSession({ reason }: { reason: string }) {
  return (
    <main className="mx-auto flex h-full max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-semibold">Open MultiClaw from your terminal</h1>
      <p className="text-zinc-600 dark:text-zinc-400">{reason}</p>
      <p className="text-zinc-600 dark:text-zinc-400">
        Run <code className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">npx multiclaw app</code> to
        open a window signed in to your gateway. Each link it prints works once.
      </p>
    </main>
  );
}

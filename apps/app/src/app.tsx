import { useEffect, useState } from "react";
import { openPageSession, type PageSession } from "./session/open-session.ts";
import { NoSession } from "./shell/no-session.tsx";
import { Shell } from "./shell/shell.tsx";

/** The page: its session with the gateway first, then the shell with every screen. */
export function App() {
  const [session, setSession] = useState<PageSession | null>(null);
  useEffect(() => {
    void openPageSession().then(setSession);
  }, []);
  if (session === null) return null;
  if (session.state === "missing") return <NoSession reason={session.reason} />;
  return <Shell />;
}

import { type FormEvent, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { useSignIn, useSignUp } from "./account-queries.ts";

type Mode = "sign-in" | "sign-up";

/** The Cloud's own minimum (auth.schema's Password), said before the Cloud has to refuse it. */
const MIN_PASSWORD_LENGTH = 10;

/**
 * Signing in, or creating an account, at the Cloud through the gateway (which keeps the session; the page never
 * sees a token). The Cloud is the gateway's own while the gateway is signed in, so the field is editable only
 * while it is signed out.
 */
export function SignInForm({ cloudUrl, cloudEditable }: { cloudUrl: string | null; cloudEditable: boolean }) {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [cloud, setCloud] = useState(cloudUrl ?? "");
  const signIn = useSignIn();
  const signUp = useSignUp();
  const pending = signIn.isPending || signUp.isPending;
  const error = mode === "sign-in" ? signIn.error : signUp.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    const target = cloudEditable && cloud.trim() !== "" ? { cloudUrl: cloud.trim() } : {};
    // The password leaves the form's state once sent, whatever the answer: a failed try is typed again.
    const sent = password;
    setPassword("");
    if (mode === "sign-in") signIn.mutate({ email, password: sent, ...target });
    else signUp.mutate({ email, password: sent, name, ...target });
  }

  function switchTo(next: Mode) {
    setMode(next);
    signIn.reset();
    signUp.reset();
  }

  return (
    <section
      aria-labelledby="sign-in-title"
      className="w-full max-w-md rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id="sign-in-title" className="text-lg font-semibold">
        {mode === "sign-in" ? "Sign in to your Cloud" : "Create your account"}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {mode === "sign-in"
          ? "Your workspaces, agents, keys and team live in your Cloud. This gateway keeps the session for you."
          : "A new account comes with a personal workspace. You can invite your team to it later."}
      </p>
      <form onSubmit={submit} className="mt-4 flex flex-col gap-3">
        {mode === "sign-up" ? (
          <TextField
            label="Name"
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        ) : null}
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          required
          minLength={mode === "sign-up" ? MIN_PASSWORD_LENGTH : undefined}
          maxLength={256}
          hint={mode === "sign-up" ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {cloudEditable ? (
          <TextField
            label="Cloud URL"
            type="url"
            inputMode="url"
            placeholder="The Cloud this gateway is set up for"
            hint="Leave empty for the gateway's own Cloud. This gateway is not signed in to one yet."
            value={cloud}
            onChange={(event) => setCloud(event.target.value)}
          />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Cloud:{" "}
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {cloudUrl ?? "the Cloud this gateway is signed in to"}
            </span>
          </p>
        )}
        <ErrorNotice error={error} />
        <Button type="submit" variant="primary" busy={pending}>
          {mode === "sign-in" ? "Sign in" : "Create account"}
        </Button>
      </form>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        {mode === "sign-in" ? "New to MultiClaw? " : "Already have an account? "}
        <button
          type="button"
          onClick={() => switchTo(mode === "sign-in" ? "sign-up" : "sign-in")}
          className="font-medium text-indigo-700 underline hover:text-indigo-600 dark:text-indigo-300"
        >
          {mode === "sign-in" ? "Create an account" : "Sign in instead"}
        </button>
      </p>
    </section>
  );
}

import type { AcceptInvitationResponse } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useUserSession } from "../../api/use-user-session.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { invitationInputProblems, parseInvitationInput } from "./invitation-input.ts";
import { InvitationPreviewCard } from "./invitation-preview.tsx";
import { describeJoinError } from "./join-error.ts";
import { invitationPreviewQuery, useJoinWorkspace } from "./join-queries.ts";

/**
 * Paste an invitation link (or its code): the workspace it is for shows as soon as it is readable, and joining
 * makes it the current workspace. Problems are said where they are: a half-copied link under the field, a dead
 * link or a membership the person already has in the alert above the buttons.
 */
export function JoinWorkspaceForm({
  onJoined,
  onCancel,
}: {
  onJoined: (joined: AcceptInvitationResponse["workspace"]) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState("");
  const session = useUserSession();
  const join = useJoinWorkspace();
  const input = parseInvitationInput(text);
  const token = input.kind === "code" ? input.token : "";
  const preview = useQuery({ ...invitationPreviewQuery(token), enabled: input.kind === "code" });
  const where = {
    linkOrigin: input.kind === "code" ? input.linkOrigin : null,
    cloudUrl: session.data?.state === "signed-in" ? session.data.cloudUrl : null,
  };
  const problem = input.kind === "code" ? (preview.error ?? join.error) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (input.kind !== "code" || !preview.data) return;
    join.mutate(token, { onSuccess: ({ workspace }) => onJoined(workspace) });
  }

  return (
    <form onSubmit={submit} aria-label="Join a workspace" className="mt-4 flex flex-col gap-3">
      <TextField
        label="Invitation link or code"
        placeholder="https://…/join#mci_…"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={text}
        error={input.kind === "code" ? undefined : (invitationInputProblems[input.kind] ?? undefined)}
        onChange={(event) => {
          setText(event.target.value);
          join.reset();
        }}
      />
      {input.kind === "code" && preview.isFetching ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Looking up the invitation…
        </p>
      ) : null}
      {input.kind === "code" && preview.data ? <InvitationPreviewCard preview={preview.data} /> : null}
      {problem ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {describeJoinError(problem, where)}
        </p>
      ) : null}
      <div className="mt-2 flex justify-end gap-2">
        <Button onClick={onCancel} disabled={join.isPending}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="primary"
          busy={join.isPending}
          disabled={!preview.data || problem !== null}
        >
          {preview.data ? `Join ${preview.data.workspaceName}` : "Join"}
        </Button>
      </div>
    </form>
  );
}

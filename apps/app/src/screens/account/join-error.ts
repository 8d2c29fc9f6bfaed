import { isCloudError } from "@multiclaw/cloud-client";
import type { ErrorCode } from "@multiclaw/protocol";
import { describeError } from "../../api/describe-error.ts";

/*
 * Joining fails for a few reasons a person can act on, each with a stable code of the Cloud's: the link no longer
 * works (it expired, was revoked or was used — the Cloud does not say which, so nobody can probe links), they are
 * in the workspace already, or what was pasted is not a code at all. Everything else reads as the Cloud says it.
 */

const joinProblems: Partial<Record<ErrorCode, string>> = {
  INVITATION_INVALID:
    "This invitation no longer works: it has expired, was revoked, or was already used. Ask whoever invited you for a new link.",
  ALREADY_MEMBER: "You are already a member of this workspace: it is in your list of workspaces.",
  VALIDATION_FAILED: "This is not an invitation code. Paste the whole link a teammate sent you.",
  BAD_REQUEST: "This is not an invitation code. Paste the whole link a teammate sent you.",
};

/** The origin of a Cloud URL, or null when it is not one. */
function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The sentence to show when previewing or accepting an invitation fails. A link made by another Cloud than the
 * one the person is signed in to can never work here, so that is said too.
 *
 * @example describeJoinError(new CloudError("ALREADY_MEMBER")) // "You are already a member of this workspace: …"
 */
export function describeJoinError(
  error: unknown,
  where: { linkOrigin: string | null; cloudUrl: string | null } = { linkOrigin: null, cloudUrl: null },
): string {
  const sentence = (isCloudError(error) ? joinProblems[error.code] : undefined) ?? describeError(error);
  const cloud = originOf(where.cloudUrl);
  const invalid = isCloudError(error) && error.code === "INVITATION_INVALID";
  if (invalid && where.linkOrigin !== null && cloud !== null && where.linkOrigin !== cloud) {
    return `This link was made by the Cloud at ${where.linkOrigin}, and you are signed in to ${cloud}: sign in there to join it.`;
  }
  return sentence;
}

/*
 * What a person pastes to join a workspace: the link the Team screen made (`https://cloud…/join#<code>`, the code
 * after the `#`), or the code alone. Read here, before anything is sent, so a half-copied link is named as such.
 */

/** The Cloud's bounds on an invitation code (workspace.schema's AcceptInvitationRequest). */
const CODE_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

export type InvitationInput =
  | {
      kind: "code";
      /** The invitation's secret code, as the Cloud's invitation routes take it. */
      token: string;
      /** The origin of the pasted link (null for a bare code): the Cloud the invitation belongs to. */
      linkOrigin: string | null;
    }
  | { kind: "empty" }
  /** A link without the code after its `#` (copied without its end). */
  | { kind: "link-without-code" }
  | { kind: "not-an-invitation" };

/** Whitespace, line breaks and the quotes or angle brackets that mail and chat wrap links in. */
function unwrap(text: string): string {
  return text.replace(/\s+/g, "").replace(/^[<"'`]+|[>"'`.,;]+$/g, "");
}

function asLink(text: string): URL | null {
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Reads a pasted invitation link or code.
 *
 * @example parseInvitationInput("http://127.0.0.1:4800/join#mci_Abc…") // { kind: "code", token: "mci_Abc…", linkOrigin: "http://127.0.0.1:4800" }
 */
export function parseInvitationInput(text: string): InvitationInput {
  const pasted = unwrap(text);
  if (pasted === "") return { kind: "empty" };
  const link = asLink(pasted);
  if (link === null) {
    return CODE_PATTERN.test(pasted)
      ? { kind: "code", token: pasted, linkOrigin: null }
      : { kind: "not-an-invitation" };
  }
  let fragment: string;
  try {
    fragment = decodeURIComponent(link.hash.slice(1));
  } catch {
    return { kind: "not-an-invitation" };
  }
  if (fragment === "") return { kind: "link-without-code" };
  return CODE_PATTERN.test(fragment)
    ? { kind: "code", token: fragment, linkOrigin: link.origin }
    : { kind: "not-an-invitation" };
}

/** What to say about input that is not (yet) an invitation; nothing while the field is empty. */
export const invitationInputProblems: Record<Exclude<InvitationInput["kind"], "code">, string | null> = {
  empty: null,
  "link-without-code":
    "This link has no invitation code: copy the whole link, including the part after the #.",
  "not-an-invitation":
    "This is not an invitation link. Paste the link a teammate sent you (it ends in #mci_…), or its code.",
};

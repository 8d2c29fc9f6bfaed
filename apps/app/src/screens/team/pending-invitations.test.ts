import type { Invitation } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { pendingInvitations } from "./pending-invitations.ts";

const now = Date.parse("2026-12-07T12:00:00Z");

function invitation(id: string, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id,
    workspaceId: "ws_00000000000000000000000000",
    role: "member",
    createdBy: "usr_00000000000000000000000000",
    expiresAt: "2026-12-08T12:00:00.000Z",
    acceptedBy: null,
    acceptedAt: null,
    revokedAt: null,
    createdAt: "2026-12-07T10:00:00.000Z",
    ...overrides,
  };
}

describe("pendingInvitations", () => {
  it("keeps only links that still work", () => {
    const list = [
      invitation("open"),
      invitation("accepted", { acceptedAt: "2026-12-07T11:00:00.000Z", acceptedBy: "usr_x" }),
      invitation("revoked", { revokedAt: "2026-12-07T11:00:00.000Z" }),
      invitation("expired", { expiresAt: "2026-12-07T11:59:59.000Z" }),
    ];
    expect(pendingInvitations(list, now).map((i) => i.id)).toEqual(["open"]);
  });

  it("lists the newest first", () => {
    const list = [invitation("older"), invitation("newer", { createdAt: "2026-12-07T11:00:00.000Z" })];
    expect(pendingInvitations(list, now).map((i) => i.id)).toEqual(["newer", "older"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  grantableRoles,
  mayChangeRole,
  mayInvite,
  mayRemove,
  maySignOutInstance,
  ownerCount,
  teamLimit,
} from "./team-permissions.ts";

const owner = { role: "owner" as const, userId: "usr_owner" };
const admin = { role: "admin" as const, userId: "usr_admin" };
const member = { role: "member" as const, userId: "usr_member" };

describe("mayChangeRole", () => {
  it("lets owners and admins change a member's role", () => {
    expect(mayChangeRole("owner", member, 1).allowed).toBe(true);
    expect(mayChangeRole("admin", member, 1).allowed).toBe(true);
  });

  it("refuses a member, with the reason", () => {
    expect(mayChangeRole("member", member, 1)).toEqual({
      allowed: false,
      reason: "Only owners and admins change roles.",
    });
  });

  it("keeps owners for owners to change", () => {
    expect(mayChangeRole("admin", owner, 2).allowed).toBe(false);
    expect(mayChangeRole("owner", owner, 2).allowed).toBe(true);
  });

  it("never leaves a workspace without an owner", () => {
    expect(mayChangeRole("owner", owner, 1)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/needs an owner/),
    });
  });
});

describe("mayRemove", () => {
  it("lets anyone leave, except the last owner", () => {
    expect(mayRemove(member, member, 1).allowed).toBe(true);
    expect(mayRemove(owner, owner, 2).allowed).toBe(true);
    expect(mayRemove(owner, owner, 1)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/needs an owner/),
    });
  });

  it("says the same thing about an owner's role and removal, so the row says it once", () => {
    expect(mayRemove(admin, owner, 1)).toEqual(mayChangeRole("admin", owner, 1));
  });

  it("lets admins remove members and admins but not owners", () => {
    expect(mayRemove(admin, member, 1).allowed).toBe(true);
    expect(mayRemove(admin, { role: "admin", userId: "usr_other" }, 1).allowed).toBe(true);
    expect(mayRemove(admin, owner, 2).allowed).toBe(false);
    expect(mayRemove(owner, { role: "owner", userId: "usr_second" }, 2).allowed).toBe(true);
  });

  it("refuses a member removing someone else", () => {
    expect(mayRemove(member, admin, 1).allowed).toBe(false);
  });
});

describe("what a role may grant and do", () => {
  it("lets only an owner make an owner", () => {
    expect(grantableRoles("owner")).toContain("owner");
    expect(grantableRoles("admin")).toEqual(["admin", "member"]);
    expect(grantableRoles("member")).toEqual([]);
  });

  it("lets owners and admins invite", () => {
    expect(mayInvite("owner").allowed).toBe(true);
    expect(mayInvite("admin").allowed).toBe(true);
    expect(mayInvite("member").allowed).toBe(false);
  });

  it("says once why a member cannot manage the team", () => {
    expect(teamLimit("member")).toMatch(/only owners and admins/);
    expect(teamLimit("admin")).toBeNull();
  });

  it("counts owners", () => {
    expect(ownerCount([owner, admin, { role: "owner" }])).toBe(2);
  });
});

describe("maySignOutInstance", () => {
  it("lets a person sign out their own gateways, and admins anyone's", () => {
    expect(maySignOutInstance(member, { userId: member.userId }).allowed).toBe(true);
    expect(maySignOutInstance(admin, { userId: member.userId }).allowed).toBe(true);
    expect(maySignOutInstance(member, { userId: admin.userId }).allowed).toBe(false);
  });
});

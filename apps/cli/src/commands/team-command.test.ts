import { CreatedInvitation, Member } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTeam, type TestTeam } from "../testing/workspace-test-kit.ts";
import { TeamListing } from "./team-command.ts";

let team: TestTeam;
beforeAll(async () => {
  team = await startTestTeam();
});
afterAll(async () => {
  await team?.close();
});

describe("multiclaw team", () => {
  it("lists members with their roles and their gateways' presence", async () => {
    await team.gatewayOf(team.owner); // signed in as a device: an instance of the workspace
    const listed = await team.run(["team", "list"], { as: team.member });
    expect(listed.code).toBe(0);
    const line = (name: string) =>
      listed.stdout.split("\n").find((candidate) => candidate.includes(name)) ?? "";
    expect(line("Ada")).toMatch(
      /│ Ada\s+│ ada\.[\w.]+@example\.test\s+│ owner\s+│ \d{4}-\d\d-\d\d\s+│ test-machine \(connected\)|│ Ada .*\(connected\)/,
    );
    expect(line("Grace")).toMatch(/│ admin\s+│ [\d-]+\s+│ -\s+│/);
    expect(line("Linus")).toMatch(/│ member\s+│/);

    const json = TeamListing.parse(JSON.parse((await team.run(["team", "list", "--json"])).stdout));
    expect(json.members.map((member) => [member.name, member.role])).toEqual([
      ["Ada", "owner"],
      ["Grace", "admin"],
      ["Linus", "member"],
    ]);
    expect(json.instances).toEqual([
      expect.objectContaining({ userId: team.owner.userId, presence: "connected" }),
    ]);
  });

  it("creates an invitation link that lets someone join with that role", async () => {
    const link = await team.run(["team", "invite", "--role", "admin"], { as: team.admin });
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join#mci_[\w-]+\n$/);
    expect(link.stderr).toMatch(
      /^Invitation for a new admin, valid for 72 hours \(until .+\)\. Send it privately\.\n$/,
    );

    const json = await team.run(["team", "invite", "--expires-in", "2", "--json"]);
    const invitation = CreatedInvitation.parse(JSON.parse(json.stdout));
    expect(invitation.role).toBe("member");
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(2 * 3600 * 1000);

    const refused = await team.run(["team", "invite"], { as: team.member });
    expect(refused).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "FORBIDDEN: This needs the admin role or higher; you are member\n",
    });
    const badRole = await team.run(["team", "invite", "--role", "owner"]);
    expect(badRole.stderr).toContain(
      "option '--role <role>' argument 'owner' is invalid. Allowed choices are admin, member.",
    );
  });

  it("removes a member by email, refuses a member removing others, and lets a member leave", async () => {
    const refused = await team.run(["team", "remove", team.admin.email], { as: team.member });
    expect(refused).toMatchObject({ code: 1, stderr: "FORBIDDEN: Only owners and admins manage members\n" });

    const unknown = await team.run(["team", "remove", "nobody@example.test"]);
    expect(unknown.stderr).toMatch(
      /^NOT_FOUND: no member "nobody@example\.test" in this workspace \(members: Ada <ada/,
    );

    const left = await team.run(["team", "remove", "linus", "--json"], { as: team.member });
    expect(left.code).toBe(0);
    expect(Member.parse(JSON.parse(left.stdout))).toMatchObject({
      userId: team.member.userId,
      role: "member",
    });

    const removed = await team.run(["team", "remove", team.admin.email]);
    expect(removed).toMatchObject({
      code: 0,
      stdout: `Removed Grace <${team.admin.email}> (admin) from the workspace.\n`,
    });
    const { members } = await team.owner.cloud.call("listMembers", {
      params: { workspaceId: team.workspaceId },
    });
    expect(members.map((member) => member.name)).toEqual(["Ada"]);
  });
});

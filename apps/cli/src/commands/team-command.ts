import { CreateInvitationRequest, InstanceList, MemberList } from "@multiclaw/protocol";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { findByName } from "../workspace/find-by-name.ts";
import { schemaArgument } from "../workspace/schema-argument.ts";
import {
  printJson,
  targetWorkspace,
  type WorkspaceOptions,
  withWorkspaceOptions,
} from "../workspace/workspace-options.ts";
import { renderTeam } from "./team-command-render.ts";

/*
 * `multiclaw team`: the workspace's members, their roles and machines; invitation links; removing someone.
 * Inviting and removing others needs the owner or admin role (only an owner may remove an owner); anyone may
 * remove themselves (leave).
 */

/** What `team list --json` prints: the Cloud's member list and instance list, side by side. */
export const TeamListing = MemberList.extend(InstanceList.shape);

const hoursArgument = schemaArgument(
  CreateInvitationRequest.shape.expiresInHours.unwrap(),
  "must be a whole number of hours from 1 to 720 (30 days)",
  Number,
);

const inviteHelp = `
The link is the invitation: whoever opens it and signs in joins the workspace with that role, once, until it
expires. Send it privately. It is shown only now; the Cloud keeps only a hash of it.`;

export function registerTeamCommand(program: Command, ctx: CliContext): void {
  const team = program.command("team").description("the workspace's members: roles, machines, invitations");

  withWorkspaceOptions(
    team
      .command("list")
      .description("show members, their roles and their gateways (instances) with presence"),
    "print { members, instances } as the Cloud returns them, as JSON",
  ).action(async (options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const [{ members }, { instances }] = await Promise.all([
      cloud.call("listMembers", { params: { workspaceId }, signal: ctx.signal }),
      cloud.call("listInstances", { params: { workspaceId }, signal: ctx.signal }),
    ]);
    if (options.json) return printJson(ctx, { members, instances });
    ctx.out.line(renderTeam(members, instances, { colour: ctx.out.colour, now: Date.now() }));
  });

  withWorkspaceOptions(
    team
      .command("invite")
      .description("create an invitation link and print it (owner or admin)")
      .addOption(
        new Option("--role <role>", "the role the invited person gets")
          .choices(CreateInvitationRequest.shape.role.unwrap().options)
          .default("member"),
      )
      .option("--expires-in <hours>", "how long the link works, in hours (at most 720)", hoursArgument, 72)
      .addHelpText("after", inviteHelp),
    "print the invitation (with its link) as JSON",
  ).action(async (options: WorkspaceOptions & { role: "admin" | "member"; expiresIn: number }) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const invitation = await cloud.call("createInvitation", {
      params: { workspaceId },
      body: { role: options.role, expiresInHours: options.expiresIn },
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, invitation);
    // The link alone on stdout, so `multiclaw team invite | pbcopy` copies just the link.
    ctx.out.line(invitation.url);
    const until = invitation.expiresAt.slice(0, 16).replace("T", " ");
    ctx.out.note(
      `Invitation for a new ${invitation.role}, valid for ${options.expiresIn} hours (until ${until} UTC). Send it privately.`,
    );
  });

  withWorkspaceOptions(
    team
      .command("remove")
      .description(
        "remove a member (owner or admin), or yourself; their gateways are signed out of the workspace",
      )
      .argument("<member>", "the member's email, name or user id"),
    "print the removed member as JSON",
  ).action(async (wanted: string, options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const { members } = await cloud.call("listMembers", { params: { workspaceId }, signal: ctx.signal });
    const member = findByName(
      members.map((candidate) => ({ ...candidate, id: candidate.userId })),
      wanted,
      {
        what: "member",
        names: (candidate) => [candidate.email, candidate.name],
        describe: (candidate) => `${candidate.name} <${candidate.email}>`,
      },
    );
    await cloud.call("removeMember", { params: { workspaceId, userId: member.userId }, signal: ctx.signal });
    const { id: _id, ...removed } = member;
    if (options.json) return printJson(ctx, removed);
    ctx.out.line(`Removed ${member.name} <${member.email}> (${member.role}) from the workspace.`);
  });
}

import type { Role } from "@multiclaw/protocol";
import { useCurrentWorkspace } from "../../api/use-user-session.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { RequireUser } from "../../ui/require-user.tsx";
import { InvitationsSection } from "./invitations-section.tsx";
import { MembersSection } from "./members-section.tsx";

const youAre: Record<Role, string> = { owner: "an owner", admin: "an admin", member: "a member" };

/** Team: the workspace's people and roles, their gateways' presence, and invitation links. */
export function TeamScreen() {
  const current = useCurrentWorkspace();
  return (
    <div className="h-full overflow-y-auto">
      <PageHeader
        title="Team"
        description={
          current
            ? `${current.workspace.name} · you are ${youAre[current.workspace.role]} here`
            : "The people in your workspace, their roles and their gateways."
        }
      />
      <RequireUser what="your team">
        {({ user, workspace }) => (
          <>
            <MembersSection
              key={workspace.workspaceId}
              workspaceId={workspace.workspaceId}
              workspaceName={workspace.name}
              actor={{ userId: user.account.userId, role: workspace.role }}
            />
            <InvitationsSection
              key={`invitations-${workspace.workspaceId}`}
              workspaceId={workspace.workspaceId}
              role={workspace.role}
            />
          </>
        )}
      </RequireUser>
    </div>
  );
}

import { Plus } from "lucide-react";
import { useState } from "react";
import { useCurrentWorkspace } from "../../api/use-user-session.ts";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { RequireUser } from "../../ui/require-user.tsx";
import { TaskListSection } from "./task-list-section.tsx";

/**
 * Tasks: the workspace's shared task list with live states — create, assign to an agent, cancel. Every member
 * may do each of these, so nothing here depends on the role.
 */
export function TasksScreen() {
  const current = useCurrentWorkspace();
  const [creating, setCreating] = useState(false);
  return (
    <div className="h-full overflow-y-auto">
      <PageHeader
        title="Tasks"
        description={`Shared with everyone in ${current?.workspace.name ?? "your workspace"}. A gateway that runs the assigned agent picks each one up.`}
        actions={
          current ? (
            <Button variant="primary" onClick={() => setCreating(true)} disabled={creating}>
              <Plus aria-hidden className="size-4" />
              New task
            </Button>
          ) : null
        }
      />
      <RequireUser what="your team's tasks">
        {({ workspace }) => (
          <TaskListSection
            key={workspace.workspaceId}
            workspaceId={workspace.workspaceId}
            creating={creating}
            onCreatingChange={setCreating}
          />
        )}
      </RequireUser>
    </div>
  );
}

import { Redirect, Route, Switch } from "wouter";
import { AccountScreen } from "../screens/account/account-screen.tsx";
import { AgentsScreen } from "../screens/agents/agents-screen.tsx";
import { ChatScreen } from "../screens/chat/chat-screen.tsx";
import { ConnectionsScreen } from "../screens/connections/connections-screen.tsx";
import { KeysScreen } from "../screens/keys/keys-screen.tsx";
import { TasksScreen } from "../screens/tasks/tasks-screen.tsx";
import { TeamScreen } from "../screens/team/team-screen.tsx";
import { Sidebar } from "./sidebar.tsx";
import { StatusBar } from "./status-bar.tsx";
import { useWorkspacesFollowFocus } from "./use-workspaces-follow-focus.ts";

/**
 * The frame every screen sits in: the sidebar, the screen, and the status bar along the bottom. Coming back to it
 * refreshes the user's workspaces, so one joined elsewhere is there.
 */
export function Shell() {
  useWorkspacesFollowFocus();
  return (
    <div className="flex h-full flex-col">
      <div className="flex min-h-0 flex-1">
        <Sidebar />
        <main className="min-w-0 flex-1 overflow-hidden">
          <Switch>
            <Route path="/chat/:conversationId?" component={ChatScreen} />
            <Route path="/tasks" component={TasksScreen} />
            <Route path="/agents" component={AgentsScreen} />
            <Route path="/keys" component={KeysScreen} />
            <Route path="/team" component={TeamScreen} />
            <Route path="/connections" component={ConnectionsScreen} />
            <Route path="/account" component={AccountScreen} />
            <Route>
              <Redirect to="/chat" replace />
            </Route>
          </Switch>
        </main>
      </div>
      <StatusBar />
    </div>
  );
}

import {
  Bot,
  CheckSquare,
  KeyRound,
  type LucideIcon,
  MessagesSquare,
  Network,
  UserRound,
  Users,
} from "lucide-react";

export interface NavItem {
  path: string;
  label: string;
  icon: LucideIcon;
}

/** The screens, in the order the sidebar lists them. */
export const navItems: readonly NavItem[] = [
  { path: "/chat", label: "Chat", icon: MessagesSquare },
  { path: "/tasks", label: "Tasks", icon: CheckSquare },
  { path: "/agents", label: "Agents", icon: Bot },
  { path: "/keys", label: "Keys", icon: KeyRound },
  { path: "/team", label: "Team", icon: Users },
  { path: "/connections", label: "Connections", icon: Network },
  { path: "/account", label: "Account", icon: UserRound },
];

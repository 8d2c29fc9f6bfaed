import clsx from "clsx";
import { Link, useLocation } from "wouter";
import { navItems } from "./nav-items.ts";
import { UpdatesMenu } from "./updates/updates-menu.tsx";
import { WorkspaceSwitcher } from "./workspace-switcher.tsx";

/**
 * The screens, as icons and labels, and the update menu at its foot; on a narrow window the labels fold away and
 * the icons stay.
 */
export function Sidebar() {
  const [location] = useLocation();
  return (
    <nav
      aria-label="Screens"
      className="flex w-14 shrink-0 flex-col gap-1 border-r border-zinc-200 bg-zinc-50 p-2 md:w-52 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="hidden px-2 pt-1 text-lg font-semibold tracking-tight md:block">MultiClaw</div>
      <div className="mb-3 hidden md:block">
        <WorkspaceSwitcher />
      </div>
      {navItems.map(({ path, label, icon: Icon }) => {
        const current = location === path || location.startsWith(`${path}/`);
        return (
          <Link
            key={path}
            href={path}
            aria-current={current ? "page" : undefined}
            title={label}
            className={clsx(
              "flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium",
              current
                ? "bg-indigo-600 text-white"
                : "text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            <Icon aria-hidden className="size-5 shrink-0" />
            <span className="hidden md:inline">{label}</span>
          </Link>
        );
      })}
      <UpdatesMenu />
    </nav>
  );
}

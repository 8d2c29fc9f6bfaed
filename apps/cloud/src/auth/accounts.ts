import type { MeResponse, SignInRequest, SignInResponse, SignUpRequest, User } from "@multiclaw/protocol";
import type { Database } from "../db/connect.ts";
import type { UserRow } from "../db/schema.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { CloudError } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { workspacesOf } from "../workspaces/workspace-dto.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { SessionService } from "./sessions.ts";

export function userDto(row: Pick<UserRow, "id" | "email" | "name" | "created_at">): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at.toISOString() };
}

export interface AccountService {
  signUp(request: SignUpRequest): Promise<SignInResponse>;
  signIn(request: SignInRequest): Promise<SignInResponse>;
  me(principal: Principal): Promise<MeResponse>;
}

export function createAccountService(deps: {
  db: Database;
  runChange: RunChange;
  sessions: SessionService;
}): AccountService {
  const { db, runChange, sessions } = deps;

  return {
    async signUp(request) {
      const passwordHash = await hashPassword(request.password);
      try {
        return await runChange(async ({ tx, now }) => {
          const taken = await tx
            .selectFrom("users")
            .select("id")
            .where("email", "=", request.email)
            .executeTakeFirst();
          if (taken)
            throw new CloudError("EMAIL_TAKEN", "An account with this email already exists; sign in instead");
          const user = await tx
            .insertInto("users")
            .values({
              id: newId("user"),
              email: request.email,
              name: request.name,
              password_hash: passwordHash,
              created_at: now,
            })
            .returning(["id", "email", "name", "created_at"])
            .executeTakeFirstOrThrow();
          // Everyone starts with a personal workspace, so agents and keys have a home from the first minute.
          const workspaceId = newId("workspace");
          await tx
            .insertInto("workspaces")
            .values({ id: workspaceId, name: `${request.name}'s workspace`, created_at: now })
            .execute();
          await tx
            .insertInto("memberships")
            .values({ workspace_id: workspaceId, user_id: user.id, role: "owner", joined_at: now })
            .execute();
          const tokens = await sessions.startSession(tx, user.id, null);
          return { user: userDto(user), tokens, workspaces: await workspacesOf(tx, user.id) };
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new CloudError("EMAIL_TAKEN", "An account with this email already exists");
        throw error;
      }
    },

    async signIn(request) {
      const user = await db
        .selectFrom("users")
        .select(["id", "email", "name", "created_at", "password_hash"])
        .where("email", "=", request.email)
        .executeTakeFirst();
      const valid = await verifyPassword(user?.password_hash ?? null, request.password);
      if (!user || !valid) throw new CloudError("AUTH_INVALID", "The email or the password is wrong");
      return runChange(async ({ tx }) => ({
        user: userDto(user),
        tokens: await sessions.startSession(tx, user.id, null),
        workspaces: await workspacesOf(tx, user.id),
      }));
    },

    async me(principal) {
      const user = await db
        .selectFrom("users")
        .select(["id", "email", "name", "created_at"])
        .where("id", "=", principal.userId)
        .executeTakeFirstOrThrow();
      const workspaces = (await workspacesOf(db, principal.userId)).filter(
        (workspace) =>
          principal.instanceWorkspaceId === null || workspace.id === principal.instanceWorkspaceId,
      );
      return {
        user: userDto(user),
        instanceId: principal.instanceId,
        workspaces: workspaces.map(({ id, name, role }) => ({ id, name, role })),
      };
    },
  };
}

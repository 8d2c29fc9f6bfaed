import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/**
 * Imported skills: list, show, import (the files come in the body, so the gateway never opens a path a caller
 * names), approve after review, enable, disable, remove. The library does the checking and answers stable codes
 * (SKILL_INVALID, SKILL_TOO_LARGE, NOT_FOUND, CONFLICT). `deps.skills` is read per call, so a test may put a
 * library over a temp directory into a running fake gateway.
 */
export function bindSkillHandlers(binder: GatewayRouteBinder, deps: LocalApiDeps): void {
  binder.bind("listSkills", async () => ({ skills: await deps.skills.list() }));
  binder.bind("getSkill", async ({ params }) => deps.skills.show(params.name));
  binder.bind("importSkill", async ({ body }) => deps.skills.import(body));
  binder.bind("approveSkill", async ({ params }) => deps.skills.approve(params.name));
  binder.bind("enableSkill", async ({ params }) => deps.skills.enable(params.name));
  binder.bind("disableSkill", async ({ params }) => deps.skills.disable(params.name));
  binder.bind("removeSkill", async ({ params }) => {
    await deps.skills.remove(params.name);
    return undefined;
  });
}

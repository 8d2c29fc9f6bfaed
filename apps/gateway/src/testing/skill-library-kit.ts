/*
 * The skill test kit, for other packages' tests (the CLI's): the real skill library over a temp store, and the
 * public skills in `../shared/fixtures/skills`. Put its library in a fake gateway's `deps.skills`.
 */

export { publicSkillsDirectory } from "../skills/testing/skill-fixtures.ts";
export {
  openTempSkillLibrary,
  type TempSkillLibrary,
} from "../skills/testing/temp-skill-library.ts";

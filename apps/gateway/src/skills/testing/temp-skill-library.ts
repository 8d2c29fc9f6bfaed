import { join } from "node:path";
import { monotonicFactory } from "ulid";
import { openGatewayStore } from "../../store/gateway-store.ts";
import { makeTempStoreLocation } from "../../store/testing/temp-directory.ts";
import { createSkillLibrary, type SkillLibrary } from "../skill-library.ts";

export interface TempSkillLibrary {
  skills: SkillLibrary;
  /** Where the skills' folders are. */
  directory: string;
  /** Closes the store and deletes everything. */
  close(): Promise<void>;
}

const nextUlid = monotonicFactory();

/** The real skill library over a real store in a fresh temp directory, for tests of the API and the CLI. */
export async function openTempSkillLibrary(): Promise<TempSkillLibrary> {
  const location = await makeTempStoreLocation();
  const store = openGatewayStore({ path: location.path });
  const directory = join(location.directory, "skills");
  return {
    skills: createSkillLibrary({
      directory,
      records: store.skills,
      now: () => new Date(),
      newId: () => `skl_${nextUlid().toLowerCase()}`,
    }),
    directory,
    async close() {
      store.close();
      await location.remove();
    },
  };
}

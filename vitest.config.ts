import { defineConfig } from "vitest/config";

const cloudTests = ["apps/cloud/src/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["apps/cloud/src/testing/global-setup.ts", "apps/gateway/src/testing/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          include: [
            "packages/*/src/**/*.test.ts",
            "apps/*/src/**/*.test.ts",
            "tests/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
          env: { MULTICLAW_TEST_STORAGE: "pglite" },
        },
      },
      {
        // The same Cloud suite again, on the local PostgreSQL server (the production storage mode).
        extends: true,
        test: { name: "postgres", include: cloudTests, env: { MULTICLAW_TEST_STORAGE: "postgres" } },
      },
    ],
  },
});

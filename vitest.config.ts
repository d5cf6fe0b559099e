import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: browser and Redis suites share the machine with the server they start.
    maxWorkers: 2,
  },
});

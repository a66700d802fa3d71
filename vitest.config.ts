import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Integration tests create databases and start servers; argon2 hashing makes account tests CPU-bound.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI machine. Most of the
    // suite waits on databases, servers and child processes rather than the CPU, so two workers finish it in
    // far less time without starving either.
    maxWorkers: 2,
  },
});

#!/usr/bin/env node
// CitySOC runs its TypeScript sources directly through tsx's loader: one artefact for development,
// tests and production, no separate build of the server (docs/adr/adr002-typescript-without-build.md).
import { register } from 'tsx/esm/api';

register();
// A closed pipe (`citysoc tokens list | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { runCli } = await import('../src/cli/program.ts');
process.exitCode = await runCli(process.argv);

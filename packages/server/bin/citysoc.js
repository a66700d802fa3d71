#!/usr/bin/env node
// CitySOC runs its TypeScript sources directly through tsx's loader: one artefact for development,
// tests and production, no separate build of the server (docs/adr/adr002-typescript-without-build.md).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/program.ts');
process.exitCode = await runCli(process.argv);

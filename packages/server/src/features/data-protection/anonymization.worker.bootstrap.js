// Worker threads do not inherit the main thread's module loader: register tsx here (as bin/citysoc.js does)
// before loading the TypeScript worker (docs/adr/adr002-typescript-without-build.md).
import { register } from 'tsx/esm/api';

register();
await import('./anonymization.worker.ts');

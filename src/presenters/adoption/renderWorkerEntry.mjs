// Entry of the adoption document's worker thread (renderOffThread.ts). Worker threads do not inherit the
// TypeScript loader the service runs with, so register tsx here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./renderWorker.ts');

#!/usr/bin/env -S node --single-threaded-gc
// The flag: see src/config/node-flags.ts (it cannot be set from inside the process).
// Runs the TypeScript entry point through tsx (Node 20 cannot strip types by itself).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

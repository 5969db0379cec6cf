#!/usr/bin/env node
// `arena serve [options]` / `arena replay FILE`, through tsx (Node 20 cannot strip types by itself).
import { register } from 'tsx/esm/api';

register();
await import('../src/arena-cli.ts');

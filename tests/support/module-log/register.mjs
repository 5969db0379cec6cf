// `node --import ./register.mjs ...`: every module URL the process resolves is appended, one a
// line, to the file named by ARENA_MODULE_LOG (see tests/single-process-modules.test.ts).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, { data: { logFile: process.env.ARENA_MODULE_LOG } });

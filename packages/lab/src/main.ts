// `pnpm lab`: the netcode lab's command line (flags in cli/lab-options.ts, README "Netcode lab").
import { runLabCli } from './cli/lab-cli';

process.exitCode = await runLabCli(process.argv.slice(2));

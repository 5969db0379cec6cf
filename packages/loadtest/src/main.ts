// The `pnpm loadtest` binary.
import { loadTestCli } from './cli/loadtest-cli';

const code = await loadTestCli(process.argv.slice(2));
// Exit explicitly: a keep-alive socket left by fetch must not hold the process open.
process.exit(code);

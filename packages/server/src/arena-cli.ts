// The `arena` command: `arena [serve] [options]` runs the server, `arena replay FILE` verifies a recording.
const [command, ...rest] = process.argv.slice(2);

if (command === 'replay') {
  const { runReplayCommand } = await import('./replay/replay-command');
  process.exitCode = runReplayCommand(rest);
} else {
  if (command === 'serve') process.argv.splice(2, 1);
  await import('./main');
}

export {};

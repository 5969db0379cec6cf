#!/usr/bin/env bash
# The whole test suite from a fresh machine: system packages the tests need, the pinned pnpm,
# dependencies, the client build, typecheck, lint, then every Vitest project.
# Used by the README's test command and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "== installing pnpm $PNPM_VERSION"
  npm install -g -E "pnpm@$PNPM_VERSION" --no-audit --no-fund
fi

bash scripts/ensure-system-packages.sh

echo "== pnpm install"
pnpm install --frozen-lockfile
echo "== build"
pnpm build
echo "== typecheck"
pnpm typecheck
echo "== lint"
pnpm lint
echo "== tests"
pnpm test

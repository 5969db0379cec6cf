#!/usr/bin/env bash
# Installs Debian's chromium when it is missing (the browser tests drive it through
# playwright-core; nothing downloads a browser of its own), redis-server (the cluster tests
# start their own on a free port; the system service is never used), wrk (the HTTP load of
# pnpm bench --mixed, tested with the probes), haproxy and openssl (the production recipe's proxy
# and its test certificate: tests/deploy; the system service is never used). Needs root for apt-get.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v wrk >/dev/null || missing+=(wrk)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "missing system packages: ${missing[*]} (run as root, or install them with apt-get)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "== apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

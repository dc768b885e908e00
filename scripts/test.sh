#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e '.[test,suggest]'
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "缺少 /usr/bin/chromium：请安装 Debian 的 chromium 软件包" >&2
  fi
fi
exec python3 -m pytest -q "$@"

#!/usr/bin/env bash
# Runs the test suite inside the project's virtual environment (.venv in the checkout, made if missing), never in
# whatever Python is active: installs the test dependencies there, then runs pytest with this script's arguments
# and exits with pytest's status. As root, with no /usr/bin/chromium, apt-installs Debian's chromium package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$PWD/.venv/pip-cache}"  # pip's downloads stay in the checkout, not in ~/.cache
.venv/bin/python -m pip install -q -e '.[test,suggest]'
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "缺少 /usr/bin/chromium：请安装 Debian 的 chromium 软件包（浏览器测试要用）" >&2
  fi
fi
export NO_MKDOCS_2_WARNING=1  # Material's end-of-life banner on every build: its only switch
exec .venv/bin/python -m pytest -q "$@"

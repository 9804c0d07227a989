#!/usr/bin/env bash
# The two set-up commands of the README:
#   installer/dev.sh demo   install dependencies, build, start TokenTray's offline demo
#   installer/dev.sh test   install dependencies, build, run the whole test suite
#                           under a throwaway desktop (Xvfb, D-Bus, gnome-keyring, tray)
#   installer/dev.sh bench  build and write the performance figures to docs/perf/
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  demo|test|bench) ;;
  *) echo "usage: $0 demo|test|bench" >&2; exit 2 ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  installer/deps.sh
else
  sudo installer/deps.sh
fi

cmake --preset default
cmake --build --preset default

case "$mode" in
  demo)
    exec build/bin/tokentray --demo
    ;;
  test)
    exec tests/harness/desktop-session.sh ctest --preset default
    ;;
  bench)
    exec tests/harness/desktop-session.sh tests/bench/run-benchmarks.sh build docs/perf
    ;;
esac

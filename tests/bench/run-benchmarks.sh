#!/usr/bin/env bash
# Runs the benchmarks against a build and writes their figures as JSON files.
# Usage: tests/bench/run-benchmarks.sh BUILD_DIR OUT_DIR [PAGE]
# Meant to run inside tests/harness/desktop-session.sh (the UI benchmark needs a display).
# With PAGE, the process benchmarks follow (run-benchmarks.py) and rewrite it.
set -euo pipefail
build=${1:?build directory}
out=${2:?output directory}
page=${3:-}
mkdir -p "$out"

echo "bench: engine (restore and tick cost with 0, 200, 1000 accounts)"
"$build/bin/tokentray-bench-engine" "$out/engine.json" >/dev/null

echo "bench: 24-hour simulation (50 accounts, 10 % faults)"
TOKENTRAY_SIM_REPORT="$out/simulation.json" "$build/tests/session/tst_simulation" >/dev/null

if [ -x "$build/bin/tokentray-bench-ui" ]; then
  echo "bench: window start-up and tick cost against a bare Qt window"
  "$build/bin/tokentray-bench-ui" "$out/ui.json" >/dev/null
fi

if [ -n "$page" ]; then
  echo "bench: whole processes against their baselines (run-benchmarks.py)"
  /usr/bin/python3 "$(dirname "$0")/run-benchmarks.py" "$build" "$out" "$page"
fi

echo "bench: figures written to $out"
ls -1 "$out"

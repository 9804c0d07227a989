#!/usr/bin/env bash
# run-fuzz.sh FUZZER SEED_DIR SECONDS
# Runs one libFuzzer target for SECONDS from a copy of its seed corpus. Fails
# on any crash, leak, UB report or timeout and prints the input that caused
# it as base64 (decode with `base64 -d > input` and pass the file to the
# fuzzer to reproduce). With FUZZ_WORK_DIR set, the grown corpus is kept there.
set -uo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 FUZZER SEED_DIR SECONDS" >&2
  exit 2
fi
fuzzer=$1 seeds=$2 seconds=$3
name=$(basename "$fuzzer")
here=$(cd "$(dirname "$0")" && pwd)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
work=${FUZZ_WORK_DIR:-$scratch/work}
mkdir -p "$work/corpus" "$scratch/artifacts" "$scratch/tmp"
cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=${TOKENTRAY_LSAN_SUPP:-$here/../sanitizers/lsan.supp}:print_suppressions=0}
# The loaders' scratch files go here, not into the user's temporary folder.
export TMPDIR=$scratch/tmp

"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1536 -print_final_stats=1 \
  -artifact_prefix="$scratch/artifacts/" "$work/corpus" >"$scratch/log" 2>&1
rc=$?

artifacts=$(find "$scratch/artifacts" -type f | sort)
if [ "$rc" -eq 0 ] && [ -z "$artifacts" ]; then
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$scratch/log" | grep -o '[0-9]*$')
  echo "$name: no crash, leak or UB in ${seconds}s (${runs:-?} runs, corpus $(ls "$work/corpus" | wc -l) inputs)"
  exit 0
fi

echo "$name: FAILED (exit $rc); the end of its log:"
tail -n 80 "$scratch/log"
for f in $artifacts; do
  echo "---- $(basename "$f"), base64:"
  base64 "$f"
done
exit 1

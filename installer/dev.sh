#!/usr/bin/env bash
# The set-up commands of the README:
#   installer/dev.sh demo            install dependencies, build, start TokenTray's offline demo
#   installer/dev.sh test            install dependencies, build, run the whole test suite
#                                    under a throwaway desktop (Xvfb, D-Bus, gnome-keyring, tray),
#                                    then the unit and e2e tests again built with ASan + UBSan,
#                                    then each fuzz target for 30 s (skipped without clang)
#   installer/dev.sh asan            only the ASan + UBSan stage of the test command
#   installer/dev.sh fuzz [SECONDS]  build the fuzz targets and run each for SECONDS (default 600),
#                                    keeping the grown corpus in build-fuzz/corpus/
#   installer/dev.sh soak [SECONDS]  the fault soak of the test suite for SECONDS (default 600),
#                                    its figures written to docs/perf/soak.json
#   installer/dev.sh bench           build in Release (build-bench/), measure whole processes under
#                                    the throwaway desktop and rewrite docs/PERFORMANCE.md with its
#                                    plot; TOKENTRAY_BENCH_SMOKE=1 for a quick pass
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  demo|test|asan|bench|fuzz|soak) ;;
  *) echo "usage: $0 demo|test|asan|bench|fuzz|soak [SECONDS]" >&2; exit 2 ;;
esac

deps_args=()
[ "$mode" = bench ] && deps_args=(--bench)
if [ "$(id -u)" -eq 0 ]; then
  installer/deps.sh "${deps_args[@]}"
else
  sudo installer/deps.sh "${deps_args[@]}"
fi

# Sanitizer reports end the process with an error, leaks included; only the
# third-party leaks in tests/sanitizers/lsan.supp are tolerated.
sanitizer_env() {
  # Full stacks through the uninstrumented Qt libraries, so that a suppression
  # matches only the library it names. strict_string_checks stays off:
  # libxkbcommon-x11 (loaded by every window under X11) hands strndup() a
  # buffer that is not NUL-terminated, which is valid C but which the strict
  # check reports as an overflow.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=0:detect_stack_use_after_return=1:fast_unwind_on_malloc=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
}

# libFuzzer needs clang and its runtime (libclang-rt-14-dev); GCC has no fuzzer.
have_fuzzer() {
  command -v clang++ >/dev/null 2>&1 || return 1
  printf 'extern "C" int LLVMFuzzerTestOneInput(const char *, unsigned long) { return 0; }\n' \
    | clang++ -x c++ -fsanitize=fuzzer,address,undefined - -o /dev/null >/dev/null 2>&1
}

# stage NAME COMMAND...: runs a stage, reports its wall time, remembers a failure.
failed=()
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "==== $name"
  if "$@"; then
    echo "==== $name: passed in $((SECONDS - start)) s"
  else
    echo "==== $name: FAILED after $((SECONDS - start)) s"
    failed+=("$name")
  fi
}

build_and_test_default() {
  cmake --preset default && cmake --build --preset default &&
    tests/harness/desktop-session.sh ctest --preset default
}

build_and_test_asan() {
  cmake --preset asan && cmake --build --preset asan &&
    (sanitizer_env && tests/harness/desktop-session.sh ctest --preset asan)
}

build_and_test_fuzz() {
  cmake --preset fuzz && cmake --build --preset fuzz && ctest --preset fuzz
}

case "$mode" in
  demo)
    cmake --preset default
    cmake --build --preset default
    exec build/bin/tokentray --demo
    ;;
  bench)
    cmake --preset bench
    cmake --build --preset bench
    exec tests/harness/desktop-session.sh tests/bench/run-benchmarks.sh build-bench docs/perf docs/PERFORMANCE.md
    ;;
  test)
    stage "build and test" build_and_test_default
    stage "sanitizers (ASan + UBSan, unit and e2e)" build_and_test_asan
    if have_fuzzer; then
      stage "fuzz (${TOKENTRAY_FUZZ_SECONDS:-30} s per target)" build_and_test_fuzz
    else
      echo "==== fuzz: skipped, no clang++ with libFuzzer (install clang and libclang-rt-14-dev)"
    fi
    if [ ${#failed[@]} -gt 0 ]; then
      echo "FAILED: $(IFS=,; echo "${failed[*]}")"
      exit 1
    fi
    echo "All stages passed."
    ;;
  asan)
    build_and_test_asan
    ;;
  soak)
    seconds=${2:-600}
    case "$seconds" in
      ''|*[!0-9]*) echo "soak: SECONDS must be a whole number" >&2; exit 2 ;;
    esac
    # The test's own ctest TIMEOUT (1200 s) bounds a run.
    if [ "$seconds" -lt 10 ] || [ "$seconds" -gt 1000 ]; then
      echo "soak: SECONDS must be between 10 and 1000" >&2
      exit 2
    fi
    cmake --preset default
    cmake --build --preset default
    mkdir -p docs/perf
    TOKENTRAY_SOAK_SECONDS=$seconds TOKENTRAY_SOAK_REPORT=$PWD/docs/perf/soak.json \
      tests/harness/desktop-session.sh ctest --preset default -R '^tst_faultsoak$' --output-on-failure
    echo "soak: figures in docs/perf/soak.json"
    ;;
  fuzz)
    seconds=${2:-600}
    if ! have_fuzzer; then
      echo "fuzz: no clang++ with libFuzzer (install clang and libclang-rt-14-dev)" >&2
      exit 1
    fi
    cmake --preset fuzz
    cmake --build --preset fuzz
    # Two at a time; each keeps and grows its corpus across runs.
    status=0
    for target in $(ctest --test-dir build-fuzz -L fuzz -N | sed -n 's/^ *Test *#[0-9]*: *//p'); do
      echo "build-fuzz/tests/fuzz/$target"
    done | xargs -P 2 -I{} sh -c 'name=$(basename "$1"); mkdir -p "build-fuzz/corpus/$name";
        FUZZ_WORK_DIR="$PWD/build-fuzz/corpus/$name" tests/fuzz/run-fuzz.sh "$1" "tests/fuzz/corpus/$name" "$2"' \
        _ {} "$seconds" || status=1
    exit $status
    ;;
esac

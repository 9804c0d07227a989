#!/usr/bin/env bash
# Renders the documentation screenshots into docs/screenshots/, at 100 % and
# at 200 % scale (files ending in @2x.png):
#
#   docs/make-screenshots.sh [BUILD_DIR]      (default: build)
#
# The scenes (accounts in every state, the offline demo, an empty window, 80-character names,
# 200 accounts, the add dialog, token details, a locked screen) come from the test
# tst_screenshots, run inside the harness's throwaway desktop with the local
# fake API server: nothing touches your keychain, configuration or network.
set -euo pipefail
cd "$(dirname "$0")/.."

build=$(realpath "${1:-build}")
cmake --build "$build" --target tst_screenshots tokentray-fakeapi

export TOKENTRAY_FAKEAPI="$build/bin/tokentray-fakeapi"
export TOKENTRAY_SCREENSHOT_DIR="$PWD/docs/screenshots"
mkdir -p "$TOKENTRAY_SCREENSHOT_DIR"

tests/harness/desktop-session.sh "$build/tests/ui/tst_screenshots"
QT_SCALE_FACTOR=2 TOKENTRAY_SCREENSHOT_SUFFIX=@2x \
  tests/harness/desktop-session.sh "$build/tests/ui/tst_screenshots"

echo "Screenshots written to $TOKENTRAY_SCREENSHOT_DIR"

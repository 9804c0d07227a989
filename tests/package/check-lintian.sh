#!/usr/bin/env bash
# Runs lintian on the .deb: no error and no warning may remain. Informational
# tags are printed for the log; installer/README.md explains the ones we keep.
# Usage: check-lintian.sh DEB
set -uo pipefail

deb=${1:?}
command -v lintian >/dev/null || { echo "FAIL: lintian is missing (installer/deps.sh installs it)" >&2; exit 1; }
[[ -f $deb ]] || { echo "FAIL: no package at $deb (package_build failed?)" >&2; exit 1; }

lintian --version
# Lintian complains when run as root; the checks are the same either way.
lintian --info --pedantic --display-level '>=info' --fail-on error,warning "$deb" 2>&1 \
    | grep -v '^running with root privileges is not recommended!$'
rc=${PIPESTATUS[0]}
if ((rc != 0)); then
    echo "FAIL: lintian reports errors or warnings (exit $rc)" >&2
    exit 1
fi
echo "lintian: no errors, no warnings"

#!/usr/bin/env bash
# Builds the .deb and the tarball with cpack into OUT_DIR (a fixture for the
# other package tests). It packs what is already built: run it after the build.
# Usage: build-packages.sh BINARY_DIR OUT_DIR
set -euo pipefail

bin_dir=${1:?} out_dir=${2:?}
for tool in cpack dpkg-shlibdeps dpkg-deb; do
    command -v "$tool" >/dev/null || {
        echo "FAIL: $tool is missing (installer/deps.sh installs it)" >&2
        exit 1
    }
done
[[ -x $bin_dir/bin/tokentray ]] || {
    echo "FAIL: $bin_dir/bin/tokentray is not built; build the project first" >&2
    exit 1
}

rm -rf "$out_dir"
mkdir -p "$out_dir"
cd "$bin_dir"
# A private output directory: another cpack run (the package target) cannot
# race with this one.
cpack -G "DEB;TGZ" -B "$out_dir" --config "$bin_dir/CPackConfig.cmake"
ls -l "$out_dir"/*.deb "$out_dir"/*.tar.gz

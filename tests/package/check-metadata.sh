#!/usr/bin/env bash
# Validates the desktop integration files in the source tree and keeps every
# place that repeats the version or the app id in step with CMake.
# Usage: check-metadata.sh SOURCE_DIR APP_ID VERSION ICONRENDER ICON_BUILD_DIR
set -uo pipefail

src=${1:?} app_id=${2:?} version=${3:?} iconrender=${4:?} icon_dir=${5:?}
res=$src/resources
desktop=$res/$app_id.desktop
metainfo=$res/$app_id.metainfo.xml
man=$res/man/tokentray.1
completion=$res/completion/tokentray.bash
changelog=$src/installer/debian/changelog

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
need() {
    command -v "$1" >/dev/null || {
        echo "FAIL: $1 is missing (installer/deps.sh installs it)" >&2
        exit 1
    }
}
need desktop-file-validate
need appstreamcli
need groff
need file

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- .desktop: valid without even a hint, and pointing at the right things.
out=$(desktop-file-validate "$desktop" 2>&1)
[[ $? -eq 0 && -z $out ]] || fail "desktop-file-validate: $out"
desktop_key() { sed -n "s/^$1=//p" "$desktop"; }
[[ $(desktop_key Exec) == tokentray ]] || fail "Exec is not tokentray"
[[ $(desktop_key Icon) == "$app_id" ]] || fail "Icon is not $app_id"
[[ $(desktop_key Terminal) == false ]] || fail "Terminal is not false"
# Qt sets WM_CLASS's class part to the application name, "TokenTray".
[[ $(desktop_key StartupWMClass) == TokenTray ]] || fail "StartupWMClass is not TokenTray"
[[ -n $(desktop_key Keywords) ]] || fail "no Keywords"

# --- AppStream: valid; the only pedantic hint allowed is about the upper-case
# letters of the app id, which is fixed (it is also the D-Bus and desktop id).
out=$(appstreamcli validate --no-net --strict --pedantic --format yaml "$metainfo" 2>&1)
rc=$?
[[ $rc -eq 0 ]] || fail "appstreamcli validate failed: $out"
tags=$(sed -n 's/^ *- *tag: *//p;s/^ *tag: *//p' <<<"$out" | sort -u | grep -vx cid-contains-uppercase-letter)
[[ -z $tags ]] || fail "appstreamcli reports: $tags"
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "metainfo launchable is not $app_id.desktop"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
[[ $newest == "$version" ]] || fail "newest metainfo release is $newest, the project is $version"
grep -q '<content_rating type="oars-1.1"' "$metainfo" || fail "no OARS 1.1 content rating"
grep -q '<binary>tokentray</binary>' "$metainfo" || fail "metainfo does not provide the binary"
grep -q '<image[^>]*>https://[^<]*docs/screenshots/main-window.png</image>' "$metainfo" \
    || fail "metainfo screenshot is not the project's https main-window.png"

# --- Man page: no groff warning, the project's version, every option,
# command and exit status of the command line.
out=$(groff -man -ww -z "$man" 2>&1)
[[ -z $out ]] || fail "groff warnings: $out"
grep -q "^\.TH TOKENTRAY 1 \"[0-9-]*\" \"TokenTray $version\"" "$man" \
    || fail "man page .TH does not name version $version"
for opt in demo help version config-dir ca-file json min-valid provider name environment base-url \
    username password-stdin client-id secret-stdin; do
    grep -q -- "\\\\-\\\\-${opt//-/\\\\-}" "$man" || fail "man page does not mention --$opt"
done
for cmd in list token header curl claims add remove signout; do
    grep -q "^\.B $cmd\b" "$man" || fail "man page does not describe the $cmd command"
    grep -qw "$cmd" "$completion" || fail "bash completion does not know the $cmd command"
done
for code in 0 2 3 4 5 6 7; do
    sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man" | grep -qx "\.B $code" \
        || fail "man page does not document exit status $code"
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS" FILES ENVIRONMENT SECURITY; do
    grep -qx "\.SH $section" "$man" || fail "man page has no $section section"
done
bash -n "$completion" || fail "bash completion does not parse"

# --- Debian changelog: its newest entry is this version.
if [[ -f $changelog ]]; then
    top=$(sed -n '1s/^tokentray (\([^)]*\)).*/\1/p' "$changelog")
    [[ $top == "$version" ]] || fail "newest Debian changelog entry is '$top', the project is $version"
fi

# --- Icons: every SVG renders; the PNGs have the size their folder names.
for svg in "$res"/icons/*.svg; do
    "$iconrender" "$svg" "$work/probe.png" 22 || fail "$svg does not render"
done
for tray in tray-ok tray-warning tray-error; do
    [[ -f $res/icons/$tray.svg ]] || fail "no tray icon $tray.svg"
done
for size in 16 22 24 32 48 64 128 256; do
    png=$icon_dir/${size}x${size}/apps/$app_id.png
    if [[ ! -f $png ]]; then
        fail "no ${size}px icon at $png (build the tokentray_icons_png target)"
        continue
    fi
    file -b "$png" | grep -q "^PNG image data, $size x $size," || fail "$png is not ${size}x$size: $(file -b "$png")"
done

if ((failures)); then
    echo "$failures metadata check(s) failed" >&2
    exit 1
fi
echo "metadata: desktop entry, AppStream, man page, changelog and icons are valid"

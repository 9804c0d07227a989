#!/usr/bin/env bash
# Checks what the .deb and the tarball contain, and the .deb's control data,
# without installing anything.
# Usage: check-contents.sh DEB TGZ APP_ID VERSION
set -uo pipefail

deb=${1:?} tgz=${2:?} app_id=${3:?} version=${4:?}
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
[[ -f $deb ]] || { echo "FAIL: no package at $deb (package_build failed?)" >&2; exit 1; }
[[ -f $tgz ]] || { echo "FAIL: no tarball at $tgz (package_build failed?)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- File name and control fields.
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "tokentray_${version}_${arch}.deb" ]] || fail "file name $(basename "$deb")"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == tokentray ]] || fail "Package is $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version is $(field Version), the project is $version"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture is $(field Architecture)"
[[ $(field Section) == utils ]] || fail "Section is $(field Section)"
[[ $(field Priority) == optional ]] || fail "Priority is $(field Priority)"
[[ $(field Maintainer) == *"<"*@*">" ]] || fail "Maintainer is $(field Maintainer)"
[[ $(field Homepage) == https://* ]] || fail "Homepage is $(field Homepage)"
[[ $(field Recommends) == "gnome-keyring | kwalletmanager" ]] || fail "Recommends is $(field Recommends)"
depends=$(field Depends)
for dep in libsecret-1-0 qt6-qpa-plugins libqt6svg6 'libqt6core6 (>= ' 'libqt6widgets6 (>= ' 'libc6 (>= '; do
    [[ ", $depends," == *", $dep"* ]] || fail "Depends lacks '$dep' (shlibdeps or explicit): $depends"
done
description=$(field Description)
[[ $(head -1 <<<"$description") != *tokentray* && $(wc -l <<<"$description") -ge 3 ]] \
    || fail "Description needs a synopsis not naming the package, and a long text"

# --- Control members: md5sums for every file, strict permissions.
mkdir "$work/control"
dpkg-deb --control "$deb" "$work/control"
[[ -f $work/control/md5sums ]] || fail "no md5sums"
stat -c '%a' "$work/control/control" | grep -qx 644 || fail "control is not 0644"

# --- Data: the expected files, permissions, owners, nothing outside /usr.
dpkg-deb --contents "$deb" >"$work/list"
expect_file() { # path mode
    grep -Eq "^-${2} root/root +[0-9]+ .* \./${1#/}\$" "$work/list" || fail "missing or wrong mode/owner: $1 ($2)"
}
x='rwxr-xr-x' r='rw-r--r--'
expect_file /usr/bin/tokentray $x
expect_file /usr/libexec/tokentray/tokentray-gui $x
expect_file "/usr/share/applications/$app_id.desktop" $r
expect_file "/usr/share/metainfo/$app_id.metainfo.xml" $r
expect_file "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" $r
for size in 16 22 24 32 48 64 128 256; do
    expect_file "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" $r
done
expect_file /usr/share/man/man1/tokentray.1.gz $r
expect_file /usr/share/bash-completion/completions/tokentray $r
expect_file /usr/share/doc/tokentray/copyright $r
expect_file /usr/share/doc/tokentray/changelog.gz $r
awk '{print $6}' "$work/list" | grep -v '^\./usr/' | grep -vx '\./' && fail "files outside /usr"
grep -q ' \./usr/local/' "$work/list" && fail "files under /usr/local"
awk '$2 != "root/root"' "$work/list" | grep . && fail "files not owned by root"
awk '/^d/ && $1 != "drwxr-xr-x"' "$work/list" | grep . && fail "directories not 0755"
awk '/^-/ && $1 != "-rw-r--r--" && $1 != "-rwxr-xr-x"' "$work/list" | grep . && fail "files neither 0644 nor 0755"
awk '/^-rwx/ {print $6}' "$work/list" | grep -Ev '^\./usr/(bin|libexec/tokentray)/' \
    && fail "executable files outside bin and libexec"
files=$(grep -c '^-' "$work/list")
sums=$(wc -l <"$work/control/md5sums")
[[ $files -eq $sums ]] || fail "md5sums lists $sums files, the package has $files"

# --- Extracted: stripped binaries, reproducible gzip, valid desktop files.
dpkg-deb --extract "$deb" "$work/root"
(cd "$work/root" && md5sum --quiet -c "$work/control/md5sums") || fail "md5sums do not match"
for elf in "$work"/root/usr/bin/* "$work"/root/usr/libexec/tokentray/*; do
    [[ -f $elf ]] || continue
    file -b "$elf" | grep -q 'ELF.*, stripped' || fail "$elf is not stripped: $(file -b "$elf")"
done
for gz in "$work"/root/usr/share/man/man1/tokentray.1.gz "$work"/root/usr/share/doc/tokentray/changelog.gz; do
    gzip -t "$gz" || fail "$gz is not valid gzip"
    # gzip -n: no file name, no time stamp (reproducible builds).
    [[ $(od -An -tu4 -j4 -N4 "$gz" | tr -d ' ') == 0 ]] || fail "$gz has a time stamp"
    file -b "$gz" | grep -q ', was "' && fail "$gz records a file name"
done
head -1 "$work/root/usr/share/doc/tokentray/copyright" \
    | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    || fail "copyright is not machine-readable (DEP-5)"
out=$(desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop" 2>&1) || fail "$out"
out=$(appstreamcli validate-tree --no-net "$work/root" 2>&1) || fail "appstreamcli validate-tree: $out"
zcat "$work/root/usr/share/man/man1/tokentray.1.gz" | groff -man -ww -z 2>&1 | grep . && fail "man page warnings"

# --- Tarball: one top directory holding the same tree, relative paths.
top="tokentray-$version-linux-"
tar -tzf "$tgz" >"$work/tlist" || fail "cannot list $tgz"
grep -v "^${top}[^/]*/" "$work/tlist" | grep . && fail "tarball entries outside one top directory"
for path in bin/tokentray libexec/tokentray/tokentray-gui "share/applications/$app_id.desktop" share/man/man1/tokentray.1.gz \
    share/doc/tokentray/copyright "share/icons/hicolor/256x256/apps/$app_id.png"; do
    grep -q "^${top}[^/]*/$path\$" "$work/tlist" || fail "tarball lacks $path"
done

if ((failures)); then
    echo "$failures content check(s) failed" >&2
    exit 1
fi
echo "contents: $(basename "$deb") and $(basename "$tgz") are complete and well-formed"

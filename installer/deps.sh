#!/usr/bin/env bash
# Installs every Debian package TokenTray needs to build, run, test and package.
# Idempotent and non-interactive; run as root (or it re-runs itself through sudo).
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev libssl-dev
  # runtime
  libqt6svg6 qt6-qpa-plugins qt6-wayland libsecret-1-0 gnome-keyring dbus dbus-x11
  fonts-dejavu-core openssl ca-certificates
  # test desktop
  libsecret-tools xvfb xauth x11-utils xdotool xclip trayer openbox wmctrl imagemagick procps
  tinyproxy python3-dotenv
  # Wayland tests: a real compositor (Weston, nested in an Xvfb of its own)
  # and its clipboard from the command line
  weston wl-clipboard
  # screen lock and screen reader tests: the accessibility bus and its registry,
  # the AT-SPI client a screen reader uses, D-Bus from the command line
  at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-dbus
  # formatting and packaging checks
  clang-format desktop-file-utils appstream lintian dpkg-dev file fakeroot
  # fuzzing (libFuzzer with ASan and UBSan) and readable sanitizer stack traces
  clang libclang-rt-14-dev llvm
)

# installer/deps.sh --bench: also what installer/dev.sh bench needs (instruction
# counts, the plot, the sign-in baseline).
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(valgrind gnuplot-nox curl wmctrl python3)
fi

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=DEBIAN_FRONTEND "$0" "$@"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Runs a command inside a throwaway desktop made for this run only:
#   a fresh HOME and XDG directories, a private D-Bus session, an unlocked
#   gnome-keyring (Secret Service), Xvfb, a window manager, a tray host and
#   the accessibility bus (AT-SPI) that screen readers use.
# Usage: tests/harness/desktop-session.sh COMMAND [ARGS...]
# The command's exit status is returned. Nothing of the caller's desktop,
# keyring or configuration is touched.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [ -z "${TOKENTRAY_HARNESS_INNER:-}" ]; then
  root=$(mktemp -d -t tokentray-desktop.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/home" "$root/run"
  chmod 700 "$root/run"
  export HOME="$root/home"
  export XDG_RUNTIME_DIR="$root/run"
  export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" XDG_CACHE_HOME="$HOME/.cache"
  export XDG_CURRENT_DESKTOP=TokenTrayTest
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM QT_NO_GLIB SESSION_MANAGER
  export TOKENTRAY_HARNESS_INNER=1 TOKENTRAY_HARNESS_HOME="$HOME"
  # dbus-run-session gives the keyring a bus; without it a keyring prompt can hang.
  set +e
  dbus-run-session -- "$0" "$@"
  status=$?
  set -e
  exit $status
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# An unlocked login keyring with only the Secret Service component.
keyring_password="tokentray-harness-$$"
# Tests that lock the keyring need the password to unlock it again.
export TOKENTRAY_HARNESS_KEYRING_PASSWORD="$keyring_password"
eval "$(printf %s "$keyring_password" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# The daemon answers on the bus once started; wait until it owns the name.
for _ in $(seq 1 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
       string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done

# Xvfb on the first free display number.
. "$(dirname "$0")/xvfb.sh"
start_xvfb 1600x1000 "$HOME/xvfb" || exit 1

openbox >"$HOME/openbox.log" 2>&1 &
pids+=($!)
# A tray host: QSystemTrayIcon is only available while one runs.
trayer --edge top --align right --widthtype request --height 24 --SetDockType true --transparent false \
  >"$HOME/trayer.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"panel" "trayer"'; then
    break
  fi
  sleep 0.1
done

# The accessibility bus and its registry, as a desktop starts them for a
# screen reader. Qt programs join it only when asked to
# (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), so the other tests run as before.
atspi_launcher=""
for candidate in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher; do
  if [ -x "$candidate" ]; then atspi_launcher=$candidate; break; fi
done
if [ -n "$atspi_launcher" ]; then
  "$atspi_launcher" --launch-immediately >"$HOME/atspi.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do
    # NameHasOwner, not a call to the bus itself, which would start a second launcher.
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
         string:org.a11y.Bus 2>/dev/null | grep -q 'boolean true'; then
      break
    fi
    sleep 0.1
  done
  export TOKENTRAY_HARNESS_ATSPI=1
else
  echo "desktop-session: no at-spi-bus-launcher (installer/deps.sh installs at-spi2-core)" >&2
fi

echo "desktop-session: DISPLAY=$DISPLAY HOME=$HOME keyring unlocked" >&2
set +e
"$@"
status=$?
set -e
exit $status

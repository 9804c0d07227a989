#!/usr/bin/env bash
# Runs a command as a Wayland client of a real compositor (Weston) made for
# this run only. Meant to run inside tests/harness/desktop-session.sh, which
# gives the X display, the session bus, the keyring and the accessibility bus.
# Usage: tests/harness/wayland-session.sh COMMAND [ARGS...]
#
# Why Weston's X11 backend, nested in the harness's Xvfb, and not its headless
# backend: in Weston 10 the headless backend creates no input devices, so the
# compositor has no wl_seat, and without a seat no client can set or read the
# Wayland clipboard (wl-copy: "Missing a seat") and no window gets keyboard
# focus. The X11 backend opens one window on the Xvfb screen as its output and
# gives a seat with a pointer and a keyboard: still no real screen, but a real
# compositor with a seat, as on a Plasma or GNOME Wayland session.
#
# Exports WAYLAND_DISPLAY and QT_QPA_PLATFORM=wayland for the command (DISPLAY
# stays set, as under Xwayland on a real desktop, so X11 tools would still
# reach Xvfb, not the Wayland clients). Returns the command's exit status, or
# 77 (ctest's skip code) when Weston is not installed.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if ! command -v weston >/dev/null 2>&1; then
  echo "wayland-session: SKIP: weston is not installed (installer/deps.sh installs it)" >&2
  exit 77
fi
if [ -z "${DISPLAY:-}" ] || [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  echo "wayland-session: needs DISPLAY and XDG_RUNTIME_DIR: run it inside tests/harness/desktop-session.sh" >&2
  exit 2
fi

# The output as large as the Xvfb screen, so windows are placed as on X11.
width=1600
height=1000
if size=$(xdpyinfo 2>/dev/null | sed -n 's/^ *dimensions: *\([0-9]*\)x\([0-9]*\) pixels.*/\1 \2/p' | head -n 1) &&
   [ -n "$size" ]; then
  read -r width height <<<"$size"
fi

socket="tokentray-wayland-$$"
log_dir="${HOME:-/tmp}"
log="$log_dir/weston-$$.log"

# Weston's output is a window on the X display, titled alike for every
# Weston: the one that appears while this script starts its Weston is its own.
# A lock keeps two wrappers from starting theirs at the same moment.
weston_windows() { xdotool search --class '^weston' 2>/dev/null | sort || true; }
exec 9>"$XDG_RUNTIME_DIR/tokentray-wayland-session.lock"
flock 9
before=$(weston_windows)

weston_pid=""
stop_weston() {
  if [ -n "$weston_pid" ]; then
    kill "$weston_pid" 2>/dev/null || true
    wait "$weston_pid" 2>/dev/null || true
  fi
}
trap stop_weston EXIT

# --idle-time=0: no fade-out or lock while a test waits.
# --debug: weston-debug may read the scene graph (which windows are mapped).
# --use-pixman: Xvfb has no GPU; the CPU renderer needs no GL.
weston --backend=x11-backend.so --socket="$socket" --idle-time=0 --use-pixman --debug \
  --width="$width" --height="$height" --log="$log" >"$log_dir/weston-$$.out" 2>&1 9>&- &
weston_pid=$!

ready=""
for _ in $(seq 1 200); do
  if [ -S "$XDG_RUNTIME_DIR/$socket" ]; then
    ready=1
    break
  fi
  kill -0 "$weston_pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$ready" ]; then
  echo "wayland-session: weston did not start:" >&2
  cat "$log" "$log_dir/weston-$$.out" >&2 2>/dev/null || true
  exit 1
fi

output_window=""
for _ in $(seq 1 100); do
  output_window=$(comm -13 <(printf '%s\n' "$before") <(weston_windows) | head -n 1)
  [ -n "$output_window" ] && break
  sleep 0.05
done
flock -u 9
exec 9>&-
# Tests click and type into it (xdotool): Weston passes that on as Wayland input.
export TOKENTRAY_WESTON_OUTPUT_WINDOW="$output_window"

export WAYLAND_DISPLAY="$socket"
export QT_QPA_PLATFORM=wayland
echo "wayland-session: WAYLAND_DISPLAY=$WAYLAND_DISPLAY (weston, x11 backend, ${width}x${height}," \
  "output window ${output_window:-unknown}) log $log" >&2

set +e
"$@"
status=$?
set -e
exit $status

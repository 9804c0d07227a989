#!/usr/bin/env bash
# Runs a command as a Wayland client of a real compositor (Weston) made for
# this run only. Meant to run inside tests/harness/desktop-session.sh, which
# gives the session bus, the keyring and the accessibility bus.
# Usage: tests/harness/wayland-session.sh COMMAND [ARGS...]
#
# Why Weston's X11 backend, nested in an Xvfb, and not its headless backend:
# in Weston 10 the headless backend creates no input devices, so the
# compositor has no wl_seat, and without a seat no client can set or read the
# Wayland clipboard (wl-copy: "Missing a seat") and no window gets keyboard
# focus. The X11 backend opens one window on the X screen as its output and
# gives a seat with a pointer and a keyboard: still no real screen, but a real
# compositor with a seat, as on a Plasma or GNOME Wayland session.
#
# Why an Xvfb of its own (with openbox), the size of the harness's, and not
# the harness's display itself: Weston takes the keyboard focus away from its
# clients whenever its output window loses the X focus, and on a shared
# display every window that another test (or another Weston) maps takes it.
# On its own display nothing else can; tests type and click into Weston there
# with xdotool (DISPLAY points at it), and Weston passes that on as Wayland
# input.
#
# Exports WAYLAND_DISPLAY, QT_QPA_PLATFORM=wayland, DISPLAY (Weston's X
# display) and TOKENTRAY_WESTON_OUTPUT_WINDOW (Weston's output window there)
# for the command. Returns the command's exit status, or 77 (ctest's skip
# code) when Weston is not installed.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

for tool in weston Xvfb openbox xdotool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "wayland-session: SKIP: $tool is not installed (installer/deps.sh installs it)" >&2
    exit 77
  fi
done
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ -z "${TOKENTRAY_HARNESS_INNER:-}" ]; then
  echo "wayland-session: run it inside tests/harness/desktop-session.sh" >&2
  exit 2
fi

# The output as large as the harness's screen, so windows are placed as on X11.
width=1600
height=1000
if [ -n "${DISPLAY:-}" ] &&
   size=$(xdpyinfo 2>/dev/null | sed -n 's/^ *dimensions: *\([0-9]*\)x\([0-9]*\) pixels.*/\1 \2/p' | head -n 1) &&
   [ -n "$size" ]; then
  read -r width height <<<"$size"
fi

socket="tokentray-wayland-$$"
log_dir="${HOME:-/tmp}"
log="$log_dir/weston-$$.log"

pids=()
cleanup() {
  # Weston first, so that its clients see it go before the X server does.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Xvfb on the first free display number.
. "$(dirname "$0")/xvfb.sh"
start_xvfb "${width}x${height}" "$log_dir/wayland-xvfb-$$" || exit 1
# A window manager, so that xdotool can activate Weston's window.
openbox >"$log_dir/wayland-openbox-$$.log" 2>&1 &
pids+=($!)

# --idle-time=0: no fade-out or lock while a test waits.
# --debug: weston-debug may read the scene graph (which windows are mapped).
# --use-pixman: Xvfb has no GPU; the CPU renderer needs no GL.
weston --backend=x11-backend.so --socket="$socket" --idle-time=0 --use-pixman --debug \
  --width="$width" --height="$height" --log="$log" >"$log_dir/weston-$$.out" 2>&1 &
pids+=($!)
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
  output_window=$(xdotool search --class '^weston' 2>/dev/null | head -n 1 || true)
  [ -n "$output_window" ] && break
  sleep 0.05
done
# Weston has the keyboard only while its window has the X focus.
if [ -n "$output_window" ]; then
  xdotool windowactivate --sync "$output_window" >/dev/null 2>&1 || true
fi
export TOKENTRAY_WESTON_OUTPUT_WINDOW="$output_window"
export WAYLAND_DISPLAY="$socket"
export QT_QPA_PLATFORM=wayland
echo "wayland-session: WAYLAND_DISPLAY=$WAYLAND_DISPLAY (weston, x11 backend, ${width}x${height}" \
  "on its own DISPLAY=$DISPLAY, output window ${output_window:-unknown}) log $log" >&2

set +e
"$@"
status=$?
set -e
exit $status

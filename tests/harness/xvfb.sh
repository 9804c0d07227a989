# Sourced by the harness scripts: start_xvfb WIDTHxHEIGHT FILE_PREFIX
# starts an Xvfb on the first free display number (it writes the number to
# fd 3), appends its pid to the caller's pids array, and exports DISPLAY.
# Its log is FILE_PREFIX.log; on failure it prints the log and returns 1.
# -noreset: without it the server resets whenever its last client leaves, and
# a client connecting during that reset (openbox, trayer, a probe) is refused.
start_xvfb() {
  local size=$1 prefix=$2 number=""
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -ac -noreset 3>"$prefix.display" >"$prefix.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    if grep -q '^[0-9][0-9]*$' "$prefix.display" 2>/dev/null; then
      number=$(head -n 1 "$prefix.display")
      break
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$number" ]; then
    echo "Xvfb did not start:" >&2
    cat "$prefix.log" >&2
    return 1
  fi
  export DISPLAY=":$number"
}

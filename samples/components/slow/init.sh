#!/bin/sh
# Slow component, for tests of the component scheduler. Waits HUGO_SLOW_SECONDS (default 1, fractions
# allowed), then writes $HUGO_WORK_DIR/static/slow-<component name>.txt. The marker is named after
# the component, so several copies of this folder registered under different names leave one file each.
# HUGO_SLOW_EXIT_CODE (default 0): when not 0, fail with that exit code after waiting, instead of
# writing the marker.
# The wait runs in a child process (sleep), which makes this a process tree for time-out tests.
set -eu

[ -n "${HUGO_WORK_DIR:-}" ] || { echo "slow: HUGO_WORK_DIR is not set; run this script as a component init command." >&2; exit 2; }

seconds="${HUGO_SLOW_SECONDS:-1}"
case "$seconds" in
  ''|.|*[!0-9.]*|*.*.*) echo "slow: HUGO_SLOW_SECONDS must be a number of seconds such as 1 or 0.5, not '$seconds'." >&2; exit 2 ;;
esac
exit_code="${HUGO_SLOW_EXIT_CODE:-0}"
case "$exit_code" in
  ''|*[!0-9]*) echo "slow: HUGO_SLOW_EXIT_CODE must be a whole number, not '$exit_code'." >&2; exit 2 ;;
esac

name=$(printf '%s' "${HUGO_COMPONENT:-slow}" | tr -c 'A-Za-z0-9._-' '_')
echo "slow: $name waiting ${seconds}s"
sleep "$seconds"

if [ "$exit_code" -ne 0 ]; then
  echo "slow: $name failing on purpose with exit code $exit_code" >&2
  exit "$exit_code"
fi

mkdir -p "$HUGO_WORK_DIR/static"
printf 'component=%s\nseconds=%s\n' "$name" "$seconds" > "$HUGO_WORK_DIR/static/slow-$name.txt"
echo "slow: $name done"

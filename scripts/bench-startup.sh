#!/usr/bin/env bash
# bench-startup.sh — start-up time and idle memory of the samstyr binary on
# the embedded SQLite store.
#
# Builds ./cmd/samstyr once, then:
#   cold:  RUNS starts, each on a fresh, empty data dir (first start: schema
#          migration and demo data load included);
#   warm:  RUNS restarts on one existing data dir (created and filled by an
#          untimed first start).
# For every start it prints the milliseconds from exec to the first 200 from
# GET /readyz (polled with curl every 10 ms), the idle RSS (VmRSS from
# /proc/PID/status) after readyz + IDLE seconds, and whether SIGTERM made the
# process exit with status 0 within 10 s. The service listens on 127.0.0.1
# only, on a random free port.
#
# Usage: scripts/bench-startup.sh            (RUNS=5 IDLE=2 by default)
#        RUNS=10 scripts/bench-startup.sh
set -euo pipefail

RUNS=${RUNS:-5}
IDLE=${IDLE:-2}
READY_TIMEOUT_MS=${READY_TIMEOUT_MS:-30000}
STOP_TIMEOUT_S=10
DEMO_PASSWORD='demo-lösen-1'

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v curl >/dev/null || { echo "bench-startup: curl is required" >&2; exit 2; }

# Only the settings below may reach the binary (no MongoDB URI from the
# caller's environment, for instance).
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^SAMSTYR_' || true)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/samstyr-startup.XXXXXX")
PID=""
cleanup() {
	if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
		kill -KILL "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "bench-startup: no free port found" >&2
	return 1
}

# proc_gone reports whether process $1 has exited (gone or a zombie).
proc_gone() {
	local st
	[[ -r /proc/$1/stat ]] || return 0
	st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
	[[ -z "$st" || "$st" == Z ]]
}

echo "building ./cmd/samstyr ..."
go build -o "$WORK/samstyr" ./cmd/samstyr
BIN="$WORK/samstyr"

# run_once DATA_DIR LABEL: one start, measure, SIGTERM. Sets READY_MS,
# RSS_KB, EXIT_OK.
run_once() {
	local dir=$1 label=$2 port log start t ready_us code status
	port=$(free_port)
	log="$WORK/$label.log"
	start=$(now_us)
	SAMSTYR_DATA_DIR="$dir" SAMSTYR_ADDR="127.0.0.1:$port" SAMSTYR_DEMO_PASSWORD="$DEMO_PASSWORD" \
		"$BIN" serve >"$log" 2>&1 &
	PID=$!
	ready_us=""
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz" || true)
		t=$(now_us)
		if [[ "$code" == 200 ]]; then
			ready_us=$((t - start))
			break
		fi
		if proc_gone "$PID"; then
			echo "bench-startup: $label: process exited before ready; log:" >&2
			cat "$log" >&2
			exit 1
		fi
		if (((t - start) / 1000 > READY_TIMEOUT_MS)); then
			echo "bench-startup: $label: not ready after ${READY_TIMEOUT_MS} ms; log:" >&2
			cat "$log" >&2
			exit 1
		fi
		sleep 0.01
	done
	READY_MS=$(awk -v us="$ready_us" 'BEGIN { printf "%.0f", us / 1000 }')
	sleep "$IDLE"
	RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status")
	kill -TERM "$PID"
	EXIT_OK=no
	for _ in $(seq 1 $((STOP_TIMEOUT_S * 100))); do
		if proc_gone "$PID"; then
			break
		fi
		sleep 0.01
	done
	if proc_gone "$PID"; then
		status=0
		wait "$PID" || status=$?
		if [[ $status == 0 ]]; then
			EXIT_OK=yes
		else
			EXIT_OK="no (status $status)"
		fi
	else
		EXIT_OK="no (still running after ${STOP_TIMEOUT_S}s)"
		kill -KILL "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	PID=""
}

median() { sort -n | awk '{a[NR]=$1} END { if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2 }'; }

declare -a COLD_MS COLD_RSS WARM_MS WARM_RSS
FAIL=0
printf '\n%-6s %-4s %10s %14s  %s\n' kind run "ready ms" "idle RSS MiB" "SIGTERM -> exit 0 in ${STOP_TIMEOUT_S}s"
for i in $(seq 1 "$RUNS"); do
	run_once "$WORK/cold-$i" "cold-$i"
	COLD_MS+=("$READY_MS")
	COLD_RSS+=("$RSS_KB")
	[[ $EXIT_OK == yes ]] || FAIL=1
	printf '%-6s %-4s %10s %14.1f  %s\n' cold "$i" "$READY_MS" "$(awk -v k="$RSS_KB" 'BEGIN{print k/1024}')" "$EXIT_OK"
	rm -rf "$WORK/cold-$i"
done

# The warm data dir: one untimed first start creates and fills it.
run_once "$WORK/warm" warm-0
[[ $EXIT_OK == yes ]] || FAIL=1
for i in $(seq 1 "$RUNS"); do
	run_once "$WORK/warm" "warm-$i"
	WARM_MS+=("$READY_MS")
	WARM_RSS+=("$RSS_KB")
	[[ $EXIT_OK == yes ]] || FAIL=1
	printf '%-6s %-4s %10s %14.1f  %s\n' warm "$i" "$READY_MS" "$(awk -v k="$RSS_KB" 'BEGIN{print k/1024}')" "$EXIT_OK"
done

kib_to_mib() { awk '{printf "%.1f\n", $1/1024}'; }
echo
echo "median over $RUNS runs (data dir on $(df -P "$WORK" | awk 'NR==2 {print $1}'), idle ${IDLE}s):"
printf '%-6s %10s %14s\n' kind "ready ms" "idle RSS MiB"
printf '%-6s %10s %14s\n' cold "$(printf '%s\n' "${COLD_MS[@]}" | median)" "$(printf '%s\n' "${COLD_RSS[@]}" | median | kib_to_mib)"
printf '%-6s %10s %14s\n' warm "$(printf '%s\n' "${WARM_MS[@]}" | median)" "$(printf '%s\n' "${WARM_RSS[@]}" | median | kib_to_mib)"
printf 'binary size: %.1f MiB\n' "$(awk -v b="$(stat -c %s "$BIN")" 'BEGIN{print b/1048576}')"
if ((FAIL)); then
	echo "bench-startup: some process did not exit 0 within ${STOP_TIMEOUT_S}s of SIGTERM" >&2
	exit 1
fi

#!/usr/bin/env bash
# bench-synchronous.sh — the cost of the embedded store's durability:
# `samstyr bench` (in-process server on a fresh SQLite store) with
# SAMSTYR_SQLITE_SYNCHRONOUS=NORMAL and =FULL alternately, ROUNDS rounds,
# one binary, the same flags, so both modes see the same machine.
#
# Usage: scripts/bench-synchronous.sh        (ROUNDS=3 DURATION=20s CLIENTS=8)
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
CLIENTS=${CLIENTS:-8}
bin=$(mktemp -d)/samstyr
go build -o "$bin" ./cmd/samstyr
for round in $(seq "$ROUNDS"); do
  for mode in NORMAL FULL; do
    echo "=== round $round synchronous=$mode"
    SAMSTYR_SQLITE_SYNCHRONOUS=$mode "$bin" bench -clients "$CLIENTS" -duration "$DURATION"
  done
done
rm -rf "$(dirname "$bin")"

#!/usr/bin/env bash
# Save and load of one RDB dataset, Debian's redis-server and forkline side by side in one run.
#
#   bench/scripts/rdb-save-load-compare.sh [keys] [value-bytes] [rounds]
#     keys         default 2000000; value-bytes default 100; rounds default 3
#
# Redis builds the dataset (DEBUG POPULATE keys key value-bytes) and saves it; that file is then
# loaded and saved again by each server in turn, `rounds` times, alternating (and which goes first, per
# round), so both see the same machine; then each server restarts on the file it has just saved (a
# restart from its own dump). Each copy of the file is synced before a server reads it, so that no
# write-back of it runs during a load.
# Load times are what each server logs ("DB loaded from disk: X seconds"): `load` of Redis's file,
# `reload` of the server's own; save time is the wall time of a SAVE as redis-cli sees it. Prints
# each round and the medians, with forkline's speed-up (Redis's time / forkline's). Both servers
# bind 127.0.0.1 on free ports and are stopped.
#
# forkline reads Redis's file in Redis's key order, which is random to its hash table, and its own in
# bucket order; it links a batch of keys into the table in bucket order, so the order costs little.
set -euo pipefail
cd "$(dirname "$0")/../.."
KEYS=${1:-2000000}
VALUE=${2:-100}
ROUNDS=${3:-3}

. bench/scripts/common.sh
now() { date +%s%N; }
seconds() { echo "scale=3; ($2 - $1) / 1000000000" | bc; }

WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
./forkline --version >/dev/null

# start_server redis|forkline DIR PORT: starts one on DIR/dump.rdb, logging to DIR/server.log
start_server() {
    if [ "$1" = redis ]; then
        redis-server --port "$3" --bind 127.0.0.1 --dir "$2" --dbfilename dump.rdb --save '' --appendonly no \
            --enable-debug-command local --daemonize no >"$2/server.log" 2>&1 &
    else
        ./forkline server --port "$3" --dir "$2" --dbfilename dump.rdb --save '' --appendonly no >"$2/server.log" 2>&1 &
    fi
    PIDS+=($!)
    wait_ping "$3"
}

echo "dataset: $KEYS keys, $VALUE-byte values (DEBUG POPULATE on redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'))"
mkdir -p "$WORK/seed"
PORT=$(free_port)
start_server redis "$WORK/seed" "$PORT"
redis-cli -p "$PORT" debug populate "$KEYS" key "$VALUE" >/dev/null
redis-cli -p "$PORT" save >/dev/null
stop_server "$PORT"
echo "RDB file: $(du -m "$WORK/seed/dump.rdb" | cut -f1) MB"

printf '%-6s %-9s %10s %10s %10s %10s\n' round server load_s save_s reload_s keys
for round in $(seq 1 "$ROUNDS"); do
    servers=$([ $((round % 2)) = 1 ] && echo "redis forkline" || echo "forkline redis")
    for server in $servers; do
        DIR="$WORK/$server-$round"
        mkdir -p "$DIR"
        cp "$WORK/seed/dump.rdb" "$DIR/dump.rdb"
        sync "$DIR/dump.rdb"
        PORT=$(free_port)
        start_server "$server" "$DIR" "$PORT"
        load=$(grep -o 'DB loaded from disk: [0-9.]* seconds' "$DIR/server.log" | awk '{print $5}')
        keys=$(redis-cli -p "$PORT" dbsize)
        start=$(now)
        redis-cli -p "$PORT" save >/dev/null
        save=$(seconds "$start" "$(now)")
        stop_server "$PORT"
        mv "$DIR/server.log" "$DIR/first.log"
        start_server "$server" "$DIR" "$PORT"
        reload=$(grep -o 'DB loaded from disk: [0-9.]*' "$DIR/server.log" | awk '{print $5}')
        stop_server "$PORT"
        printf '%-6s %-9s %10s %10s %10s %10s\n' "$round" "$server" "$load" "$save" "$reload" "$keys"
        echo "$server $load $save $reload" >>"$WORK/results"
        rm -rf "$DIR"
    done
done

for measure in load save reload; do
    column=$(case "$measure" in load) echo 2 ;; save) echo 3 ;; reload) echo 4 ;; esac)
    redis=$(awk -v c="$column" '$1 == "redis" { print $c }' "$WORK/results" | median)
    forkline=$(awk -v c="$column" '$1 == "forkline" { print $c }' "$WORK/results" | median)
    printf 'median %s: redis %.3f s, forkline %.3f s, forkline faster by %.2fx\n' "$measure" "$redis" "$forkline" \
        "$(echo "$redis / $forkline" | bc -l)"
done

#!/usr/bin/env bash
# The append-only file, Debian's redis-server and forkline side by side in one run, same disk:
# redis-benchmark SET of 100-byte values from 50 clients under each appendfsync policy and without
# persistence, then the AOF each server wrote is replayed at start-up by both servers, and so is a
# log ten times longer (forkline's log with its incr repeated), where the JIT's warm-up counts less.
#
#   bench/scripts/aof-compare.sh [requests] [rounds]
#     requests  SETs per benchmark (default 300000); rounds default 2 (servers alternate)
#     AOF_BENCH_WARMUP  SETs of the same workload first, then dropped (default 200000; see warm_up)
#
# Throughput is redis-benchmark's requests/s; replay rate is the commands in the AOF divided by the
# load time the server logs ("DB loaded from append only file: X seconds"). Prints medians and
# forkline's ratios: `always` against Redis's `always`, `everysec` against forkline without
# persistence, replay against Redis replaying the same file (the benchmark's log, and the longer
# one). Servers bind 127.0.0.1 on free ports, write under a temporary directory on the disk of /tmp
# (or $AOF_BENCH_DIR), and are stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-300000}
ROUNDS=${2:-2}
CLIENTS=50
KEYSPACE=1000000
WARMUP=${AOF_BENCH_WARMUP:-200000}

. bench/scripts/common.sh

WORK=$(mktemp -d "${AOF_BENCH_DIR:-/tmp}/aof-compare.XXXXXX")
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
./forkline --version >/dev/null

# start_server redis|forkline DIR PORT appendonly appendfsync
start_server() {
    if [ "$1" = redis ]; then
        redis-server --port "$3" --bind 127.0.0.1 --dir "$2" --save '' --appendonly "$4" --appendfsync "$5" \
            --aof-use-rdb-preamble yes --daemonize no >>"$2/server.log" 2>&1 &
    else
        ./forkline server --port "$3" --dir "$2" --save '' --appendonly "$4" --appendfsync "$5" \
            --aof-use-rdb-preamble yes >>"$2/server.log" 2>&1 &
    fi
    PIDS+=($!)
    wait_ping "$3"
}

set_rps() {
    redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$REQUESTS" -t set -d 100 -r "$KEYSPACE" --csv 2>/dev/null \
        | awk -F'","' 'NR > 1 { gsub(/"/, ""); split($0, f, ","); print f[2] }'
}

# warm_up PORT POLICY: the measured workload, WARMUP requests of it, then FLUSHALL; with the log on, a rewrite
# then starts a new incr, so the log replayed below holds the measured run only. forkline's JIT compiles its
# hot paths (the keyspace's inserts and rehashing among them) during the first second or two of load; Redis
# has nothing to compile. Without it, a run of a few seconds measures mostly forkline's warm-up.
warm_up() {
    redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$WARMUP" -t set -d 100 -r "$KEYSPACE" -q >/dev/null 2>&1
    redis-cli -p "$1" flushall >/dev/null
    [ "$2" = none ] && return 0
    redis-cli -p "$1" bgrewriteaof >/dev/null
    local info
    for _ in $(seq 1 1200); do
        info=$(redis-cli -p "$1" info persistence)
        grep -q '^aof_rewrite_in_progress:0' <<<"$info" && grep -q '^aof_rewrite_scheduled:0' <<<"$info" && return 0
        sleep 0.05
    done
    echo "the rewrite on $1 did not finish" >&2; return 1
}

# Commands in the incr files an appendonlydir's manifest lists (a rewrite's old incr may linger until deleted):
# lines that start a RESP array (SELECT included; the base is an RDB preamble).
aof_commands() {
    awk '$NF == "i" { print $2 }' "$1"/*.manifest | while read -r name; do cat "$1/$name"; done | grep -ac '^\*'
}

echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), forkline; $CLIENTS clients, $REQUESTS SETs of 100 bytes (keys from $KEYSPACE) after $WARMUP warming up; disk of $WORK"
printf '%-6s %-9s %-9s %12s\n' round server policy set_rps
for round in $(seq 1 "$ROUNDS"); do
    for policy in none always everysec no; do
        for server in redis forkline; do
            DIR="$WORK/$server-$policy-$round"
            mkdir -p "$DIR"
            PORT=$(free_port)
            if [ "$policy" = none ]; then
                start_server "$server" "$DIR" "$PORT" no everysec
            else
                start_server "$server" "$DIR" "$PORT" yes "$policy"
            fi
            warm_up "$PORT" "$policy"
            rps=$(set_rps "$PORT")
            stop_server "$PORT"
            printf '%-6s %-9s %-9s %12.0f\n' "$round" "$server" "$policy" "$rps"
            echo "$server $policy $rps" >>"$WORK/throughput"
            if [ "$policy" = everysec ]; then
                mv "$DIR/appendonlydir" "$WORK/aof-$server-$round"
            fi
            rm -rf "$DIR"
        done
    done
done

# replay SERVER APPENDONLYDIR COMMANDS ROUND WRITTEN_BY OUT: starts SERVER on a copy of the log, prints
# the load time it logs and the rate, and appends "SERVER rate" to OUT.
replay() {
    local dir="$WORK/replay-$1-$4"
    mkdir -p "$dir"
    cp -r "$2" "$dir/appendonlydir"
    sync   # the copy's writeback is not to overlap the load
    local port load rate
    port=$(free_port)
    start_server "$1" "$dir" "$port" yes everysec
    load=$(grep -o 'DB loaded from append only file: [0-9.]* seconds' "$dir/server.log" | awk '{print $7}')
    stop_server "$port"
    rate=$(echo "$3 / $load" | bc -l)
    printf '%-6s %-12s %-9s %10d %10.3f %14.0f\n' "$4" "$5" "$1" "$3" "$load" "$rate"
    echo "$1 $rate" >>"$6"
    rm -rf "$dir"
}

echo
printf '%-6s %-12s %-9s %10s %10s %14s\n' round written_by loaded_by commands load_s commands_per_s
for round in $(seq 1 "$ROUNDS"); do
    for writer in redis forkline; do
        commands=$(aof_commands "$WORK/aof-$writer-$round")
        for server in redis forkline; do
            replay "$server" "$WORK/aof-$writer-$round" "$commands" "$round" "$writer" "$WORK/replay"
        done
    done
done

# The same replay on a longer log. The benchmark's log is short enough that forkline replays much of
# it before its JIT has compiled the replay's hot code, so the rate it gives is mostly warm-up. The
# longer log is forkline's first everysec log with its incr repeated LONG_REPEATS times (the same
# keys overwritten again and again), as a log grows on a server that keeps updating its keys.
LONG_REPEATS=10
LONG="$WORK/aof-long"
cp -r "$WORK/aof-forkline-1" "$LONG"
incr="$LONG/$(awk '$NF == "i" { name = $2 } END { print name }' "$LONG"/*.manifest)"
for _ in $(seq 2 "$LONG_REPEATS"); do cat "$WORK/aof-forkline-1/$(basename "$incr")" >>"$incr"; done
long_commands=$(aof_commands "$LONG")
for round in $(seq 1 "$ROUNDS"); do
    for server in redis forkline; do
        replay "$server" "$LONG" "$long_commands" "$round" "forkline x$LONG_REPEATS" "$WORK/replay-long"
    done
done

echo
rps() { awk -v s="$1" -v p="$2" '$1 == s && $2 == p { print $3 }' "$WORK/throughput" | median; }
for policy in none always everysec no; do
    printf 'median SET/s %-9s redis %10.0f  forkline %10.0f  ratio %.2f\n' "$policy" "$(rps redis "$policy")" \
        "$(rps forkline "$policy")" "$(echo "$(rps forkline "$policy") / $(rps redis "$policy")" | bc -l)"
done
printf 'forkline everysec / forkline without persistence: %.2f\n' "$(echo "$(rps forkline everysec) / $(rps forkline none)" | bc -l)"
redis_replay=$(awk '$1 == "redis" { print $2 }' "$WORK/replay" | median)
forkline_replay=$(awk '$1 == "forkline" { print $2 }' "$WORK/replay" | median)
printf 'median replay: redis %.0f commands/s, forkline %.0f commands/s, ratio %.2f\n' "$redis_replay" "$forkline_replay" \
    "$(echo "$forkline_replay / $redis_replay" | bc -l)"
redis_long=$(awk '$1 == "redis" { print $2 }' "$WORK/replay-long" | median)
forkline_long=$(awk '$1 == "forkline" { print $2 }' "$WORK/replay-long" | median)
printf 'median replay of the %dx log (%d commands): redis %.0f commands/s, forkline %.0f commands/s, ratio %.2f\n' \
    "$LONG_REPEATS" "$long_commands" "$redis_long" "$forkline_long" "$(echo "$forkline_long / $redis_long" | bc -l)"

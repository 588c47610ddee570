#!/usr/bin/env bash
# Runs redis-benchmark against Debian's redis-server and forkline, side by side on loopback, in one
# run: the same commands, clients and request counts, alternating the two servers per pipeline depth
# (and which goes first, per round) so that both see the same machine, after the same warm-up pass.
# Prints the median requests/s and p99 of each over the rounds, forkline's ratios of the medians, and
# the lowest and highest per-round throughput ratio (unpipelined runs on 2 cores vary by 10-20%).
#
#   bench/scripts/redis-benchmark-compare.sh [requests] [tests] [rounds]
#     requests  per test (default 1000000); tests default set,get,incr,lpush,hset,sadd,zadd; rounds default 3
#
# Needs redis-server and redis-benchmark (apt-get install redis-server redis-tools). Both servers
# bind 127.0.0.1 on free ports, without persistence, and are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-1000000}
TESTS=${2:-set,get,incr,lpush,hset,sadd,zadd}
ROUNDS=${3:-3}
CLIENTS=50

. bench/scripts/common.sh

REDIS_PORT=$(free_port)
FORKLINE_PORT=$(free_port)
WORK=$(mktemp -d)
./forkline --version >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --daemonize no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
./forkline server --port "$FORKLINE_PORT" --save '' >"$WORK/forkline.log" 2>&1 &
FORKLINE_PID=$!
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill $REDIS_PID 2>/dev/null; kill $FORKLINE_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
wait_ping "$REDIS_PORT"
wait_ping "$FORKLINE_PORT"
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on $REDIS_PORT, forkline on $FORKLINE_PORT; $CLIENTS clients, $REQUESTS requests per test, $ROUNDS rounds"

# One redis-benchmark run; prints "test rps p99" lines from its CSV output.
run() {
    redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$REQUESTS" -P "$2" -t "$TESTS" --csv 2>/dev/null \
        | awk -F'","' 'NR>1 { gsub(/"/,""); split($0, f, ","); print f[1], f[2], f[7] }'
}

# The same warm-up pass on both servers first (forkline's JIT compiles its hot paths; Redis has none to compile).
for port in "$REDIS_PORT" "$FORKLINE_PORT"; do
    redis-benchmark -h 127.0.0.1 -p "$port" -c "$CLIENTS" -n 200000 -P 16 -t "$TESTS" -q >/dev/null 2>&1
    redis-benchmark -h 127.0.0.1 -p "$port" -c "$CLIENTS" -n 50000 -t "$TESTS" -q >/dev/null 2>&1
    redis-cli -p "$port" flushall >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
    for pipeline in 1 16; do
        servers=$([ $((round % 2)) = 1 ] && echo "redis forkline" || echo "forkline redis")
        for server in $servers; do
            port=$([ "$server" = redis ] && echo "$REDIS_PORT" || echo "$FORKLINE_PORT")
            run "$port" "$pipeline" | sed "s/^/$round $pipeline $server /" >>"$WORK/results"
        done
    done
    echo "round $round of $ROUNDS done" >&2
done

# column: 5 for requests/s, 6 for p99
pick() { awk -v p="$1" -v t="$2" -v s="$3" -v c="$4" '$2 == p && $4 == t && $3 == s { print $c }' "$WORK/results"; }

printf '%-8s %-6s %14s %10s %14s %10s %10s %10s %15s\n' pipeline test redis_rps redis_p99 forkline_rps forkline_p99 rps_ratio p99_ratio rps_ratio_range
for pipeline in 1 16; do
    for test in $(awk -v p="$pipeline" '$2 == p { print $4 }' "$WORK/results" | sort -u); do
        rrps=$(pick "$pipeline" "$test" redis 5 | median)
        frps=$(pick "$pipeline" "$test" forkline 5 | median)
        rp99=$(pick "$pipeline" "$test" redis 6 | median)
        fp99=$(pick "$pipeline" "$test" forkline 6 | median)
        range=$(awk -v p="$pipeline" -v t="$test" '$2 == p && $4 == t { rps[$1 "," $3] = $5; rounds[$1] = 1 }
            END { lo = 1e9; hi = 0; for (r in rounds) { x = rps[r ",forkline"] / rps[r ",redis"]; if (x < lo) lo = x; if (x > hi) hi = x }
                  printf "%.2f-%.2f", lo, hi }' "$WORK/results")
        printf '%-8s %-6s %14.0f %10.3f %14.0f %10.3f %10.2f %10.2f %15s\n' "-P $pipeline" "$test" "$rrps" "$rp99" "$frps" "$fp99" \
            "$(echo "$frps / $rrps" | bc -l)" "$(echo "$fp99 / $rp99" | bc -l)" "$range"
    done
done

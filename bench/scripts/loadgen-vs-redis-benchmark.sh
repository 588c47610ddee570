#!/usr/bin/env bash
# Is forkline's load generator the bottleneck? Drives Debian's redis-server with redis-benchmark and with
# './forkline bench --target' alternately, same connections, same pipeline depth, SET of 100-byte values over
# 200,000 random keys, and prints the requests/s of each and their ratio. The generator should reach at least
# redis-benchmark's rate.
#
#   bench/scripts/loadgen-vs-redis-benchmark.sh [rounds] [clients]     (defaults: 3 rounds, 50 clients)
#
# Needs redis-server and redis-benchmark (apt-get install redis-server redis-tools). The server binds 127.0.0.1
# on a free port, without persistence, and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
CLIENTS=${2:-50}
SECONDS_PER_RUN=5

. bench/scripts/common.sh
PORT=$(free_port)
WORK=$(mktemp -d)
./forkline --version >/dev/null
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --daemonize no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || kill $REDIS_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
wait_ping "$PORT"
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on $PORT; $CLIENTS clients; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# redis-benchmark's requests/s for pipeline $1, sized to run about $SECONDS_PER_RUN seconds at rate $2
redis_benchmark() {
    local n=$(( $2 * SECONDS_PER_RUN ))
    redis-benchmark -h 127.0.0.1 -p "$PORT" -c "$CLIENTS" -P "$1" -n "$n" -t set -d 100 -r 200000 --csv 2>/dev/null \
        | awk -F'","' 'NR>1 { gsub(/"/,""); split($0, f, ","); print f[2] }'
}

# forkline's generator: requests/s of its measured window
generator() {
    local out="$WORK/run-$1-$2"
    ./forkline bench --target "127.0.0.1:$PORT" --scenario none --commands SET=100 --clients "$CLIENTS" --pipeline "$1" \
        --warmup 1 --duration "$SECONDS_PER_RUN" --out "$out" >/dev/null
    python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["metrics"]["throughput"]))' "$out/none/target/result.json"
}

printf '%-9s %-6s %16s %16s %8s\n' pipeline round redis-benchmark forkline-bench ratio
for pipeline in 1 16; do
    estimate=$([ "$pipeline" = 1 ] && echo 100000 || echo 600000)
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then rb=$(redis_benchmark "$pipeline" "$estimate"); fb=$(generator "$pipeline" "$round");
        else fb=$(generator "$pipeline" "$round"); rb=$(redis_benchmark "$pipeline" "$estimate"); fi
        printf '%-9s %-6s %16.0f %16.0f %8.2f\n' "-P $pipeline" "$round" "$rb" "$fb" "$(echo "$fb / $rb" | bc -l)"
    done
done

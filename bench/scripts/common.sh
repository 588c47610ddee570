# Helpers the side-by-side scripts share; sourced, not run.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits up to two minutes (a server may be loading a large file) for PONG on port $1.
wait_ping() {
    for _ in $(seq 1 2400); do
        [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0
        sleep 0.05
    done
    echo "no server on $1" >&2; return 1
}

# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.6f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Stops the server on port $1, the last started of those whose pids the caller keeps in PIDS.
stop_server() {
    redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
    wait "${PIDS[-1]}" 2>/dev/null || true
    unset 'PIDS[-1]'
}

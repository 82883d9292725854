# Helpers the benchmark runners share (sourced by bench/run.sh and bench/scale.sh).

# Progress on stderr, so stdout stays the report.
say() { printf '\n== %s\n' "$*" >&2; }

# The number after `KEY=` in a line of space-separated KEY=VALUE pairs.
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }

# Wait (bounded, default 10 s) until something answers on a loopback port.
wait_port() {
    local tries=$((${2:-10} * 10))
    for _ in $(seq "$tries"); do
        curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
        sleep 0.1
    done
    echo "nothing answers on 127.0.0.1:$1" >&2
    return 1
}

# Background processes to stop when the runner exits (append their pids).
PIDS=()
kill_started() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }

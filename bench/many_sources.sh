#!/usr/bin/env bash
# Many sources with politeness on: one `presseradar poll` of SOURCES small feeds spread over
# HOSTS loopback addresses (127.0.0.2 ...), each its own nginx listen address with a
# robots.txt. The nginx access log is the witness: it gives the real schedule, the check that
# no host ever saw two request starts closer than the interval, and the ideal time (per host,
# (requests - 1) x interval, or longer where answers took longer than the interval; or the
# global cap's bound if that is larger). Prints a markdown
# fragment to stdout; progress goes to stderr. All traffic stays on 127.0.0.0/8.
#
#   bash bench/many_sources.sh        # from the crate root; ~30 s plus the release build
#
# Knobs (prefixed MANY_ so that bench/run.sh's own SOURCES, ITEMS, WORK ... never leak in):
# MANY_SOURCES (1000), MANY_HOSTS (50), MANY_ITEMS per feed (4), MANY_INTERVAL seconds (1),
# MANY_ORDER of the sources in sources.toml (grouped | interleaved), MANY_PORT (18090),
# MANY_WORK (/tmp/presseradar-many, emptied first), MANY_SLACK_MS (5), BIN (default:
# target/release/presseradar, built if missing), MANY_RATE (nginx limit_rate per
# response, e.g. 40k, to make answers slow enough for the global cap of 8 to bind; default off;
# nginx writes 4 KB at a time so that the limit applies to these small files).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SOURCES=${MANY_SOURCES:-1000}
HOSTS=${MANY_HOSTS:-50}
ITEMS=${MANY_ITEMS:-4}
INTERVAL=${MANY_INTERVAL:-1}
ORDER=${MANY_ORDER:-grouped}
PORT=${MANY_PORT:-18090}
WORK=${MANY_WORK:-/tmp/presseradar-many}
BIN=${BIN:-$ROOT/target/release/presseradar}
# A request's start is nginx's $msec - $request_time (when it read the first bytes), both
# rounded to the millisecond; the fetcher counts the interval from when the previous answer
# began to arrive, which is after nginx saw that request. So a gap shorter than the interval
# by more than this rounding is a real violation.
SLACK_MS=${MANY_SLACK_MS:-5}
RATE=${MANY_RATE:-0}

say() { printf '== %s\n' "$*" >&2; }

if (( HOSTS < 1 || HOSTS > 250 || SOURCES < HOSTS )); then
    echo "MANY_HOSTS must be 1..250 (addresses 127.0.0.2 .. 127.0.0.251) and at most MANY_SOURCES" >&2
    exit 2
fi
if [[ ! -x "$BIN" ]]; then
    say "build (release)"
    cargo build --release --bin presseradar 2>&1 | tail -1 >&2
fi

NGINX_PID_FILE="$WORK/nginx/nginx.pid"
cleanup() {
    if [[ -f "$NGINX_PID_FILE" ]]; then
        kill "$(cat "$NGINX_PID_FILE")" 2>/dev/null || true
    fi
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK/nginx/tmp"
say "inputs"
GEN_LINE=$(python3 bench/gen_many.py "$WORK" "$PORT" "$SOURCES" "$HOSTS" "$ITEMS" "$INTERVAL" "$ORDER")
echo "$GEN_LINE" >&2

LISTENS=$(for ((h = 2; h < HOSTS + 2; h++)); do printf '        listen 127.0.0.%d:%d;\n' "$h" "$PORT"; done)
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $NGINX_PID_FILE;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
    log_format timing '\$msec \$request_time \$server_addr \$status "\$request"';
    access_log $WORK/nginx/access.log timing;
    client_body_temp_path $WORK/nginx/tmp;
    proxy_temp_path $WORK/nginx/tmp;
    fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp;
    scgi_temp_path $WORK/nginx/tmp;
    types { application/rss+xml rss; application/atom+xml atom; text/plain txt; }
    server {
$LISTENS
        root $WORK/www/\$server_addr;
        limit_rate $RATE;
        sendfile off;
        output_buffers 1 4k;
    }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
# The readiness probe asks for a path of its own, which the analysis leaves out (nginx may
# log it after curl has returned, so truncating the log is not enough).
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.$((HOSTS + 1)):$PORT/bench-ready" && break
    sleep 0.1
done

say "poll: $SOURCES sources over $HOSTS hosts, interval $INTERVAL s"
# Other work on the machine shows up as lateness; the 1-minute load average says how much.
LOAD=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
timeout 600 /usr/bin/time -f '%U %S %M' -o "$WORK/poll.time" "$BIN" --sources "$WORK/sources.toml" --db "$WORK/many.db" poll >"$WORK/poll.out" 2>"$WORK/poll.err" || {
    echo "poll failed; see $WORK/poll.out and $WORK/poll.err" >&2
    tail -5 "$WORK/poll.out" "$WORK/poll.err" >&2
    exit 1
}
end=$(date +%s.%N)
kill -USR1 "$(cat "$NGINX_PID_FILE")"
sleep 0.2

FAILED=$(grep -c FAILED "$WORK/poll.out" || true)
NEW=$(awk 'NR>1 && $NF=="ok" {n+=$2} END {print n+0}' "$WORK/poll.out")

python3 - "$WORK/nginx/access.log" "$start" "$end" "$INTERVAL" "$SLACK_MS" "$HOSTS" "$SOURCES" \
    "$FAILED" "$NEW" "$GEN_LINE" "$ORDER" "$RATE" "$LOAD" "$(nproc)" "$(cat "$WORK/poll.time")" "$ITEMS" "$WORK" <<'PY'
import collections, statistics, sys

log, start, end, interval, slack_ms, hosts, sources, failed, new, gen_line, order, rate, load, cores, usage, items, work = sys.argv[1:]
user_s, sys_s, max_rss_kb = usage.split()
start, end, interval = float(start), float(end), float(interval)
slack = float(slack_ms) / 1000
by_host = collections.defaultdict(list)
durations, statuses = [], collections.Counter()
with open(log) as f:
    for line in f:
        msec, took, addr, status, request = line.rstrip("\n").split(" ", 4)
        if "/bench-ready" in request:
            continue
        began = float(msec) - float(took)
        by_host[addr].append((began, float(took), request.strip('"')))
        durations.append(float(took))
        statuses[status] += 1

requests = sum(len(v) for v in by_host.values())
robots = sum(1 for v in by_host.values() for _, _, r in v if "/robots.txt" in r)
wall = end - start
# Per host: one request at a time, the next no sooner than an interval after the previous
# one arrived, so each step takes the interval or the previous answer's own time if longer
# (on loopback always the interval: (requests - 1) x interval). The global cap (default 8)
# binds only if all answers' time spread over 8 slots is longer still.
def host_ideal(hits):
    return sum(max(interval, took) for _, took, _ in sorted(hits)[:-1])
per_host_ideal = max(host_ideal(v) for v in by_host.values())
cap_bound = sum(durations) / 8
ideal = max(per_host_ideal, cap_bound)

min_gap, violations, worst = float("inf"), [], None
lateness = []  # per host: how much later than back-to-back intervals its last request began
for addr, hits in sorted(by_host.items()):
    hits.sort()
    for (a, _, _), (b, _, path) in zip(hits, hits[1:]):
        gap = b - a
        if gap < min_gap:
            min_gap, worst = gap, (addr, path)
        if gap < interval - slack:
            violations.append((addr, path, gap))
    lateness.append((hits[-1][0] - hits[0][0]) - (len(hits) - 1) * interval)
first = min(h[0][0] for h in by_host.values())
last = max(h[-1][0] for h in by_host.values())
first_starts = sorted(h[0][0] - start for h in by_host.values())
gaps = sorted(b[0] - a[0] for h in by_host.values() for a, b in zip(h, h[1:]))

ratio = wall / ideal if ideal else float("nan")
verdict = "met" if ratio <= 1.2 else "MISSED"
ok = "none" if not violations else f"**{len(violations)} VIOLATIONS** (e.g. {violations[0]})"
print(f"""## 4. Many sources, politeness on

{gen_line}; one `presseradar poll` (release build), `robots = true`, default
`max_concurrency = 8`, nginx 1 worker with one `listen` per address; order of sources in
sources.toml: {order}; nginx `limit_rate` {rate}. Load average when the poll began: {load}
on {cores} cores (client, nginx and any other work share them).

| what | figure |
|---|---|
| hosts seen / requests / of them robots.txt | {len(by_host)} / {requests} / {robots} (status {dict(statuses)}) |
| failed sources / new items | {failed} / {new} |
| ideal: per host Σ max({interval:g} s, answer time) over its requests but the last | {per_host_ideal:.2f} s |
| global-cap bound (Σ server time / 8) | {cap_bound:.3f} s |
| **wall time of the poll** (process start to exit) | **{wall:.2f} s** |
| **wall / ideal** | **{ratio:.2f}** (goal ≤ 1.2: {verdict}) |
| first request / last request after process start | {first - start:.2f} s / {last - start:.2f} s |
| fetch schedule alone: (last − first request) / per-host ideal | {(last - first) / per_host_ideal:.3f} |
| after the last request until exit (processing, writes, shutdown) | {end - last:.2f} s |
| CPU of the poll: user / system; peak RSS | {user_s} s / {sys_s} s; {int(max_rss_kb) // 1024} MB |
| first request per host after start: min / median / max | {first_starts[0]:.2f} / {statistics.median(first_starts):.2f} / {first_starts[-1]:.2f} s |
| gap between request starts on one host: min / median / p99 / max | {gaps[0]:.3f} / {statistics.median(gaps):.3f} / {gaps[int(len(gaps) * 0.99)]:.3f} / {gaps[-1]:.3f} s |
| per host, time lost against back-to-back intervals: median / max | {statistics.median(lateness):.2f} / {max(lateness):.2f} s |
| gaps under the interval (− {slack_ms} ms slack) | {ok}; smallest {min_gap:.3f} s at {worst[0]} {worst[1]} |

Reproduce: `MANY_SOURCES={sources} MANY_HOSTS={hosts} MANY_ITEMS={items} MANY_INTERVAL={interval:g} MANY_ORDER={order}
MANY_RATE={rate} bash bench/many_sources.sh` (writes {work}; the nginx log with `$msec $request_time $server_addr` is
`nginx/access.log` there).""")
# A violation is reported in the table, not by the exit status, so run.sh keeps going.
PY

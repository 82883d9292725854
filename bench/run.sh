#!/usr/bin/env bash
# Benchmark runner: builds in release, generates the inputs, runs every comparison in one go
# and writes BENCHMARKS.md. All traffic stays on 127.0.0.1. Not part of CI (minutes long).
#
#   bash bench/run.sh            # from the crate root
#
# Needs: python3, wrk, nginx (apt-get install wrk nginx), curl; a venv with feedparser is
# created under /tmp on first use. Environment knobs: FEEDS (200), ITEMS (100), WRK_SECS (10),
# WRK_CONNS (32), SCALE_SIZES ("100000 1000000": the database sizes bench/scale.sh fills and
# measures, ~6 min), WORK (/tmp/presseradar-bench); SKIP_CARGO_BENCH=1 / SKIP_SCALE=1 / SKIP_MANY=1 leave
# out those steps.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
FEEDS=${FEEDS:-200}
ITEMS=${ITEMS:-100}
WRK_SECS=${WRK_SECS:-10}
WRK_CONNS=${WRK_CONNS:-32}
SCALE_SIZES=${SCALE_SIZES:-"100000 1000000"}
WORK=${WORK:-/tmp/presseradar-bench}
VENV=${VENV:-/tmp/presseradar-bench-venv}
FEED_PORT=18081
SERVE_PORT=18082
NGINX_PORT=18083
OUT="$ROOT/BENCHMARKS.md"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# shellcheck source=bench/lib.sh
source bench/lib.sh
cleanup() {
    kill_started
    if [[ -f "$WORK/nginx/nginx.pid" ]]; then
        kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# a/b to two decimals, or to two significant digits when below 0.1 (so 0.0012 does not read 0.00).
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); r=a/b if b else None; print('n/a' if r is None else f'{r:.2f}' if r >= 0.1 else f'{r:.2g}')" "$1" "$2"; }

say "build (release)"
cargo build --release --bin presseradar --bin bench-feedrs-parse --bin bench-fill-db 2>&1 | tail -1
BIN="$ROOT/target/release/presseradar"
FEEDRS="$ROOT/target/release/bench-feedrs-parse"

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import feedparser' 2>/dev/null; then
    say "venv with feedparser in $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q feedparser
fi
FEEDPARSER_VERSION=$("$VENV/bin/python" -c 'import feedparser; print(feedparser.__version__)')

say "inputs: $FEEDS feeds x $ITEMS items"
rm -rf "$WORK"
mkdir -p "$WORK"
CORPUS_LINE=$(python3 bench/gen_corpus.py "$WORK/site" "http://127.0.0.1:$FEED_PORT" "$FEEDS" "$ITEMS")
echo "$CORPUS_LINE"
CORPUS_MB=$(du -sm "$WORK/site/feeds" | cut -f1)

# ---------------------------------------------------------------- 1. ingest
say "1a. feed-rs alone (3 rounds over the files, from memory)"
FEEDRS_LINE=$("$FEEDRS" "$WORK/site/feeds" 3)
echo "$FEEDRS_LINE"
FEEDRS_IPS=$(field items_per_sec "$FEEDRS_LINE")

say "1b. Python feedparser $FEEDPARSER_VERSION"
FP_LINE=$("$VENV/bin/python" bench/feedparser_parse.py "$WORK/site/feeds")
echo "$FP_LINE"
FP_IPS=$(field items_per_sec "$FP_LINE")

say "1c. presseradar poll, fresh database, feeds from python3 -m http.server on 127.0.0.1:$FEED_PORT"
(cd "$WORK/site" && exec python3 -m http.server "$FEED_PORT" --bind 127.0.0.1 >"$WORK/http.log" 2>&1) &
PIDS+=($!)
wait_port "$FEED_PORT"
DB="$WORK/bench.db"
SOURCES="$WORK/site/sources.toml"
start=$(date +%s.%N)
timeout 900 /usr/bin/time -v -o "$WORK/poll.time" "$BIN" --sources "$SOURCES" --db "$DB" poll >"$WORK/poll.out" 2>"$WORK/poll.err" || {
    echo "poll failed; see $WORK/poll.out and $WORK/poll.err" >&2
    tail -5 "$WORK/poll.out" "$WORK/poll.err" >&2
    exit 1
}
end=$(date +%s.%N)
POLL_SECS=$(python3 -c "print(f'{$end - $start:.2f}')")
POLL_ITEMS=$((FEEDS * ITEMS))
POLL_IPS=$(python3 -c "print(f'{$POLL_ITEMS / $POLL_SECS:.0f}')")
POLL_RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/poll.time")
POLL_CPU=$(sed -n 's/.*Percent of CPU this job got: //p' "$WORK/poll.time")
# Column sums of the summary rows: new, updated, same, dup, irrelevant.
POLL_COUNTS=$(awk 'NR>1 && $NF=="ok" {n+=$2; u+=$3; s+=$4; d+=$5; i+=$6} END {printf "new %d, updated %d, unchanged %d, duplicate %d, irrelevant %d", n, u, s, d, i}' "$WORK/poll.out")
POLL_FAILED=$(grep -c FAILED "$WORK/poll.out" || true)
echo "poll: $POLL_SECS s, $POLL_IPS items/s, $POLL_COUNTS, failed sources $POLL_FAILED"
R_FEEDRS=$(ratio "$POLL_IPS" "$FEEDRS_IPS")
R_FP=$(ratio "$POLL_IPS" "$FP_IPS")
R_FEEDRS_FP=$(ratio "$FEEDRS_IPS" "$FP_IPS")

# ---------------------------------------------------------------- 2. serving
say "2. serving /feeds/ost.rss: presseradar serve vs nginx, wrk -t2 -c$WRK_CONNS -d${WRK_SECS}s"
"$BIN" --sources "$SOURCES" --db "$DB" --listen "127.0.0.1:$SERVE_PORT" serve >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
PIDS+=($SERVE_PID)
wait_port "$SERVE_PORT"
FEED_URL="http://127.0.0.1:$SERVE_PORT/feeds/ost.rss"
curl -sf -D "$WORK/ost.headers" -o "$WORK/ost.rss" "$FEED_URL"
FEED_BYTES=$(stat -c %s "$WORK/ost.rss")
FEED_ENTRIES=$(grep -o '<item>' "$WORK/ost.rss" | wc -l)
ETAG=$(sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p' "$WORK/ost.headers")
COND_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$FEED_URL")

mkdir -p "$WORK/nginx/www/feeds" "$WORK/nginx/tmp"
cp "$WORK/ost.rss" "$WORK/nginx/www/feeds/ost.rss"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp;
    proxy_temp_path $WORK/nginx/tmp;
    fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp;
    scgi_temp_path $WORK/nginx/tmp;
    types { application/rss+xml rss; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/nginx/www;
    }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
wait_port "$NGINX_PORT" || true
NGINX_URL="http://127.0.0.1:$NGINX_PORT/feeds/ost.rss"
cmp -s <(curl -sf "$NGINX_URL") "$WORK/ost.rss" || { echo "nginx does not serve the same bytes" >&2; exit 1; }

# wrk summary: requests/s and p99 latency in ms.
run_wrk() {
    local out
    out=$(wrk -t2 -c"$WRK_CONNS" -d"${WRK_SECS}s" --latency "$@")
    echo "$out" >&2
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
    echo "$rps ${p99:-?} ${non2xx:-0}"
}
read -r SERVE_RPS SERVE_P99 SERVE_BAD < <(run_wrk "$FEED_URL")
read -r NGINX_RPS NGINX_P99 NGINX_BAD < <(run_wrk "$NGINX_URL")
read -r COND_RPS COND_P99 COND_BAD < <(run_wrk -H "If-None-Match: $ETAG" "$FEED_URL")
NGINX_ETAG=$(curl -sI "$NGINX_URL" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')
read -r NCOND_RPS NCOND_P99 NCOND_BAD < <(run_wrk -H "If-None-Match: $NGINX_ETAG" "$NGINX_URL")
SERVE_HWM=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$SERVE_PID/status")
R_SERVE=$(ratio "$SERVE_RPS" "$NGINX_RPS")
R_COND=$(ratio "$COND_RPS" "$NCOND_RPS")
kill "$SERVE_PID" 2>/dev/null || true
kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true

# ---------------------------------------------------------------- 3. scale
DEDUP_OUT="(not run: SKIP_CARGO_BENCH=1)"
CLASSIFY_OUT="(not run: SKIP_CARGO_BENCH=1)"
if [[ "${SKIP_CARGO_BENCH:-0}" != 1 ]]; then
    say "3. cargo bench --bench dedup / --bench classify"
    DEDUP_OUT=$(cargo bench --bench dedup 2>/dev/null)
    CLASSIFY_OUT=$(cargo bench --bench classify 2>/dev/null)
    echo "$DEDUP_OUT"
    echo "$CLASSIFY_OUT"
fi

SCALE_LINE="(not run: SKIP_SCALE=1)"
if [[ "${SKIP_SCALE:-0}" != 1 ]]; then
    say "3b. bench/scale.sh: a database of $SCALE_SIZES items (bench-fill-db), timings and run's peak RSS"
    SCALE_LINE=$(SCALE_SIZES="$SCALE_SIZES" SCALE_WORK="$WORK/scale" bash bench/scale.sh)
    echo "$SCALE_LINE"
fi

# ---------------------------------------------------------------- 4. many sources
MANY_LINE="(not run: SKIP_MANY=1)"
if [[ "${SKIP_MANY:-0}" != 1 ]]; then
    say "4. bench/many_sources.sh: 1,000 sources on 50 loopback hosts, politeness on"
    MANY_LINE=$(BIN="$BIN" MANY_WORK="$WORK/many" bash bench/many_sources.sh)
    echo "$MANY_LINE"
fi

# ---------------------------------------------------------------- report
verdict() { python3 -c "import sys; print('met' if float(sys.argv[1]) >= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
cat <<EOF
# Benchmarks

Written by \`bash bench/run.sh\` (one run; every ratio is against a baseline measured in the
same run on the same machine). Inputs are generated by \`bench/gen_corpus.py\` and not committed.

- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)
- machine: $(nproc) cores, ${CPU_MODEL:-unknown CPU}; memory $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')
- load average (1 min) when the run started: $LOAD_START; client and servers share the same cores
- corpus: $CORPUS_LINE (${CORPUS_MB} MB; half RSS 2.0, half Atom; 200–600 word articles, ~40 % about skilled workers)

## 1. Ingest

| what | items/s | ratio |
|---|---:|---:|
| feed-rs alone, parse from memory, 1 thread (\`bench-feedrs-parse DIR 3\`) | $FEEDRS_IPS | 1.00 (baseline) |
| Python feedparser $FEEDPARSER_VERSION, parse from memory | $FP_IPS | feed-rs / feedparser = $R_FEEDRS_FP |
| \`presseradar poll\`, end to end, fresh DB | $POLL_IPS | **$R_FEEDRS** of feed-rs (goal ≥ 0.5: $(verdict "$R_FEEDRS" 0.5)); **$R_FP×** feedparser (goal ≥ 10: $(verdict "$R_FP" 10)) |

The poll fetched $FEEDS sources × $ITEMS items ($POLL_ITEMS items) from one host,
\`python3 -m http.server\` on 127.0.0.1:$FEED_PORT, with \`host_interval_secs = 0\`, \`robots = false\`
and the default \`max_concurrency = 8\`; wall time $POLL_SECS s including process start, schema
creation, fetching, extraction, classification, dedup and SQLite writes; CPU $POLL_CPU; peak RSS
${POLL_RSS_KB} kB. Outcomes: $POLL_COUNTS; failed sources: $POLL_FAILED.

Reproduce: \`python3 bench/gen_corpus.py /tmp/b/site http://127.0.0.1:$FEED_PORT $FEEDS $ITEMS\`,
\`(cd /tmp/b/site && python3 -m http.server $FEED_PORT --bind 127.0.0.1) &\`, then
\`target/release/bench-feedrs-parse /tmp/b/site/feeds 3\`,
\`VENV/bin/python bench/feedparser_parse.py /tmp/b/site/feeds\` and
\`time target/release/presseradar --sources /tmp/b/site/sources.toml --db /tmp/b/bench.db poll\`.

## 2. Serving \`/feeds/ost.rss\` ($FEED_BYTES bytes, $FEED_ENTRIES entries)

\`wrk -t2 -c$WRK_CONNS -d${WRK_SECS}s --latency\`, no Accept-Encoding (identity bodies both sides).

| server | requests/s | p99 ms | non-2xx/3xx | ratio |
|---|---:|---:|---:|---:|
| nginx $(nginx -v 2>&1 | sed 's/.*\///'), static file, same bytes | $NGINX_RPS | $NGINX_P99 | $NGINX_BAD | 1.00 (baseline) |
| \`presseradar serve\`, cached feed | $SERVE_RPS | $SERVE_P99 | $SERVE_BAD | **$R_SERVE** (goal ≥ 0.5: $(verdict "$R_SERVE" 0.5)) |
| nginx, \`If-None-Match\` → 304 | $NCOND_RPS | $NCOND_P99 | $NCOND_BAD | 1.00 (baseline) |
| \`presseradar serve\`, \`If-None-Match\` → $COND_STATUS | $COND_RPS | $COND_P99 | $COND_BAD | **$R_COND** |

Peak RSS of \`serve\` after the runs (VmHWM): $SERVE_HWM.

Reproduce: after step 1, \`target/release/presseradar --sources /tmp/b/site/sources.toml --db
/tmp/b/bench.db --listen 127.0.0.1:$SERVE_PORT serve &\`, \`wrk -t2 -c$WRK_CONNS -d${WRK_SECS}s --latency
http://127.0.0.1:$SERVE_PORT/feeds/ost.rss\` (add \`-H 'If-None-Match: ETAG'\` with the ETag from
\`curl -sI\`); nginx as configured by bench/run.sh serving the bytes fetched with curl.

## 3. Scale

\`cargo bench --bench dedup\`:

\`\`\`
$DEDUP_OUT
\`\`\`

\`cargo bench --bench classify\`:

\`\`\`
$CLASSIFY_OUT
\`\`\`

### A large database (\`bench/scale.sh\`; curl timings, one request each)

$SCALE_LINE

Reproduce: \`SCALE_SIZES="$SCALE_SIZES" bash bench/scale.sh\` (fills with
\`target/release/bench-fill-db DB N\`, then starts \`presseradar run\` on it and times each URL).

$MANY_LINE
EOF
if [[ -f bench/NOTES.md ]]; then
    echo
    cat bench/NOTES.md
fi
} >"$OUT"
say "wrote $OUT"

#!/usr/bin/env bash
# Scale benchmark: a database of generated items filled through the crate's own ingest
# (bench-fill-db), measured at each size in SCALE_SIZES: per-item ingest of new items,
# first and second requests of feeds, the editors' review queue (HTML and JSON), full-text
# search, and the peak RSS of `presseradar run` (scheduler on, polling loopback feeds).
# Prints a markdown fragment on stdout (bench/run.sh includes it); progress on stderr.
#
#   bash bench/scale.sh                 # from the crate root; ~6 min for 1,000,000 items
#
# Environment: SCALE_SIZES ("100000 1000000"), SCALE_WORK (/tmp/presseradar-scale),
# SCALE_REUSE=1 keeps an existing database (sizes it already has are measured, not
# filled), SCALE_MEASURE_ONLY=1 never fills, SCALE_SKIP_BUILD=1, SCALE_PORT (18092),
# SCALE_FEED_PORT (18093). Needs curl, python3, sqlite3.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZES=${SCALE_SIZES:-"100000 1000000"}
WORK=${SCALE_WORK:-/tmp/presseradar-scale}
PORT=${SCALE_PORT:-18092}
FEED_PORT=${SCALE_FEED_PORT:-18093}
DB="$WORK/scale.db"
SOURCES="$WORK/sources.toml"
BIN="$ROOT/target/release/presseradar"
FILL="$ROOT/target/release/bench-fill-db"

# shellcheck source=bench/lib.sh
source bench/lib.sh
trap kill_started EXIT
ms() { python3 -c "import sys; print(f'{float(sys.argv[1])*1000:.1f}')" "$1"; }


if [[ "${SCALE_SKIP_BUILD:-0}" != 1 ]]; then
    say "build (release)"
    cargo build --release --bin presseradar --bin bench-fill-db 2>&1 | tail -1 >&2
fi
mkdir -p "$WORK"
rm -f "$WORK/not-200"
if [[ "${SCALE_REUSE:-0}" != 1 ]]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
fi

# The outlets' feeds for `run`: two items each on a loopback server, new at every
# measurement, so that the scheduler's first polls go through ingest and the
# near-duplicate finder (which loads the keys of every stored item), as a live daemon's do.
mkdir -p "$WORK/feeds"
"$FILL" "$DB" 0 --sources-out "$SOURCES" --feed-base "http://127.0.0.1:$FEED_PORT/feeds" >/dev/null
write_feeds() {
python3 - "$SOURCES" "$WORK/feeds" <<'EOF'
import re, sys, email.utils, time
sources, out = open(sys.argv[1]).read(), sys.argv[2]
stamp = int(time.time())
now = email.utils.formatdate(time.time() - 3600, usegmt=True)
for sid, name in re.findall(r'id = "([^"]+)"\nname = "([^"]+)"', sources):
    items = "".join(
        f"<item><title>{name}: Fachkräfteallianz berät über Anwerbung ({n})</title>"
        f"<link>https://www.{sid}.example/heute/{stamp}-{n}.html</link><guid>{sid}-{stamp}-{n}</guid>"
        f"<pubDate>{now}</pubDate><description>Die Fachkräfteallianz von {name} hat am Morgen "
        f"über die Anwerbung von Pflegefachkräften aus dem Ausland, die Anerkennung ihrer "
        f"Berufsabschlüsse und Sprachkurse in den Betrieben beraten; Meldung {n} aus {sid}, {stamp}.</description></item>"
        for n in (1, 2))
    open(f"{out}/{sid}.xml", "w").write(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>https://www.{sid}.example/</link><description>{name}</description>{items}</channel></rss>")
EOF
}
(cd "$WORK" && exec python3 -m http.server "$FEED_PORT" --bind 127.0.0.1 >"$WORK/feeds.log" 2>&1) &
PIDS+=($!)
wait_port "$FEED_PORT"

# One editor for the queue pages: password (HTML desk) and API token.
EDITOR_OUT=$("$BIN" --sources "$SOURCES" --db "$DB" editor add "bench-$$" 2>/dev/null)
PASSWORD=$(sed -n 's/^password: //p' <<<"$EDITOR_OUT")
TOKEN=$(sed -n 's/^token: //p' <<<"$EDITOR_OUT")

ROWS=()
row() { ROWS+=("$1"); }

measure() {
    local size=$1 fill_line=$2
    local items db_mb
    items=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM items')
    db_mb=$(python3 -c "import os,sys; print(sum(os.path.getsize(p) for p in sys.argv[1:] if os.path.exists(p)) // 1000000)" "$DB" "$DB-wal")
    say "measure at $items items ($db_mb MB)"
    write_feeds
    local t0 t1 started_at
    started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    t0=$(date +%s.%N)
    "$BIN" --sources "$SOURCES" --db "$DB" --listen "127.0.0.1:$PORT" run >"$WORK/run-$size.log" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    wait_port "$PORT" 60
    t1=$(date +%s.%N)
    local start_ms
    start_ms=$(python3 -c "print(f'{($t1 - $t0) * 1000:.0f}')")
    # Let every source be polled once by this process (a catch-up run, or the next
    # minute's slot; jitter ≤ 6 s) before timing.
    local polled=0
    for _ in $(seq 180); do
        polled=$(sqlite3 "$DB" "SELECT COUNT(*) FROM sources WHERE last_attempt >= '$started_at'" 2>/dev/null || echo 0)
        [[ "$polled" -ge 48 ]] && break
        sleep 0.5
    done
    local after_polls_kb
    after_polls_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
    local base="http://127.0.0.1:$PORT"
    t() { curl -s -o /dev/null -w '%{time_total} %{http_code}' "$@"; }
    timed() {
        local out code
        out=$(t "$@")
        code=${out#* }
        [[ "$code" == 200 ]] || { echo "error: $* answered $code" >&2; echo "$* $code" >>"$WORK/not-200"; }
        ms "${out% *}"
    }
    local alle1 alle2 facet1 facet2 search1 search2
    alle1=$(timed "$base/feeds/alle.rss"); alle2=$(timed "$base/feeds/alle.rss")
    facet1=$(timed "$base/feed.rss?state=SN&topic=weiterbildung")
    facet2=$(timed "$base/feed.rss?state=SN&topic=weiterbildung")
    search1=$(timed "$base/feed.rss?q=Anerkennungsberatung%20Dresden")
    search2=$(timed "$base/feed.rss?q=Pflegefachkr%C3%A4fte")
    # Desk: log in as the form does (no Origin header, as a same-site form post without
    # one): the login page sets its CSRF cookie, the post carries the same token.
    login() {
        local token
        token=$(curl -s -o /dev/null -D - "$base/admin/login" | sed -n 's/^[Ss]et-[Cc]ookie: presseradar_login=\([^;]*\).*/\1/p')
        curl -s -o /dev/null -D - -H "Cookie: presseradar_login=$token" --data-urlencode "csrf=$token" \
            --data-urlencode "name=bench-$$" --data-urlencode "password=$PASSWORD" \
            --data-urlencode "next=/admin" "$base/admin/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(presseradar_session=[^;]*\).*/\1/p'
    }
    local cookie
    cookie=$(login)
    [[ -n "$cookie" ]] || { echo "error: login to the desk failed; its timings would be of the login page" >&2; exit 1; }
    # A day's logins of a desk team: each checks a password (argon2, 7 MiB), and a process that
    # kept those blocks would grow with every one.
    local _i
    for _i in $(seq 19); do
        [[ -n "$(login)" ]] || { echo "error: login $_i failed" >&2; exit 1; }
    done
    local queue1 queue2 queue_irr admin_search api_queue api_search
    queue1=$(timed -H "Cookie: $cookie" "$base/admin")
    queue2=$(timed -H "Cookie: $cookie" "$base/admin")
    queue_irr=$(timed -H "Cookie: $cookie" "$base/admin?irrelevant=1")
    admin_search=$(timed -H "Cookie: $cookie" "$base/admin/search?q=Anerkennungsberatung")
    api_queue=$(timed -H "Authorization: Bearer $TOKEN" "$base/api/items?status=new")
    api_search=$(timed -H "Authorization: Bearer $TOKEN" "$base/api/items?q=Welcome-Center&state=TH")
    if [[ -s "$WORK/not-200" ]]; then
        echo "error: requests did not answer 200 (see above); the timings would not be of the pages named" >&2
        exit 1
    fi
    local hwm rss
    hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
    rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local ingest prepare dup fill_secs fill_ips
    ingest=$(field ingest_us_per_item "$fill_line")
    prepare=$(field prepare_us_per_item "$fill_line")
    dup=$(field duplicate_share_pct "$fill_line")
    fill_secs=$(field fill_secs "$fill_line")
    fill_ips=$(field fill_items_per_sec "$fill_line")
    local mb=$((1024))
    row "| $items | $db_mb MB | ${ingest:-–} µs (+ ${prepare:-–} µs classify/fingerprint; ${dup:-–} % dup) | ${fill_secs:-–} s (${fill_ips:-–}/s) | $start_ms ms | $alle1 / $alle2 | $facet1 / $facet2 | $search1 / $search2 | $queue1 / $queue2 / $queue_irr | $admin_search | $api_queue / $api_search | $((after_polls_kb / mb)) MB | **$((hwm / mb)) MB** (VmRSS $((rss / mb)) MB; $polled/48 sources polled) |"
    echo "${ROWS[-1]}" >&2
}

for size in $SIZES; do
    fill_line=""
    if [[ "${SCALE_MEASURE_ONLY:-0}" != 1 ]]; then
        say "fill to $size items"
        fill_line=$("$FILL" "$DB" "$size")
        echo "$fill_line" >&2
    fi
    measure "$size" "$fill_line"
done

cat <<EOF
| items | DB (+WAL) | ingest of new items, per item (last 2,000 of the fill, jobs of 100) | fill | \`run\` start to first answer | \`/feeds/alle.rss\` 1st / 2nd ms | \`/feed.rss?state=SN&topic=weiterbildung\` 1st / 2nd ms | \`/feed.rss?q=…\` two searches ms | \`/admin\` queue 1st / 2nd / irrelevant ms | \`/admin/search?q=…\` ms | \`/api/items?status=new\` / \`?q=…&state=TH\` ms | RSS after first polls | peak RSS of \`run\` (VmHWM) after all requests |
|---:|---:|---|---|---:|---|---|---|---|---:|---|---:|---|
EOF
printf '%s\n' "${ROWS[@]}"
cat <<EOF

Generated by \`bash bench/scale.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores shared with other builds).
Items: \`bench-fill-db\` (seed 7), German reports of 200–600 words from 48 outlets (16 states × 2
newspapers + the press office), ~45 % about skilled workers, every 25th a republication of an
earlier report by another outlet; ingested by \`store::items::ingest\` with the pipeline's
classifier, fingerprints and near-duplicate finder. The fill itself reads through mmap with
synchronous = OFF; the timed last 2,000 items use the store's own settings.
\`run\` polls 48 loopback feeds every minute (2 items each); timings are one \`curl\` each; the peak
RSS is taken after 20 logins of one editor besides the timed requests.
EOF

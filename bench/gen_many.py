#!/usr/bin/env python3
"""Many-sources benchmark inputs: small German feeds spread over many loopback hosts.

Usage: gen_many.py OUT_DIR PORT [SOURCES] [HOSTS] [ITEMS] [INTERVAL_SECS] [ORDER] [SEED]

Writes OUT_DIR/www/127.0.0.N/feeds/NNNN.rss|.atom and OUT_DIR/www/127.0.0.N/robots.txt for
the hosts 127.0.0.2 ... 127.0.0.(HOSTS+1), an nginx document tree with one root per address,
and OUT_DIR/sources.toml with one source per feed (`robots = true`, the given
`host_interval_secs`, the default `max_concurrency`). Source K lives on host K mod HOSTS.
ORDER is how the sources are listed in sources.toml: "grouped" (all feeds of one host
together, as a config that lists an outlet's sections one after another) or "interleaved"
(host after host). Prints one summary line. Stdlib only and seeded: same arguments, same bytes.
"""

import os
import random
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import atom, items_for, rss  # noqa: E402  (the corpus generator's feed writers)

# Realistic enough to be parsed as the RFC says and to exercise the rules; nothing here
# disallows the feeds, and no Crawl-delay, so our own interval is the one in force.
ROBOTS = """# robots.txt
User-agent: *
Disallow: /suche/
Disallow: /intern/
Allow: /

User-agent: GPTBot
Disallow: /
"""


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_dir, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:] + [None] * 6
    sources = int(args[0] or 1000)
    hosts = int(args[1] or 50)
    per_feed = int(args[2] or 4)
    interval = float(args[3] or 1)
    order = args[4] or "grouped"
    rng = random.Random(int(args[5] or 2026))
    if order not in ("grouped", "interleaved"):
        sys.exit(f"ORDER must be grouped or interleaved, not {order!r}")
    now = datetime(2025, 12, 7, 17, 30, tzinfo=timezone.utc)
    entries, total_bytes = [], 0
    for no in range(sources):
        address = f"127.0.0.{2 + no % hosts}"
        root = os.path.join(out_dir, "www", address)
        os.makedirs(os.path.join(root, "feeds"), exist_ok=True)
        state, outlet, items = items_for(rng, no, per_feed, now)
        ext = "rss" if no % 2 == 0 else "atom"
        feed_url = f"http://{address}:{port}/feeds/{no:04}.{ext}"
        site = f"https://www.outlet{no:04}.example.de"
        text = rss(outlet, site, items) if ext == "rss" else atom(outlet, site, feed_url, items)
        data = text.encode("utf-8")
        total_bytes += len(data)
        with open(os.path.join(root, "feeds", f"{no:04}.{ext}"), "wb") as f:
            f.write(data)
        entry = (f'[[source]]\nid = "many-{no:04}"\nname = "{outlet} {no}"\n'
                 f'kind = "feed"\nurl = "{feed_url}"\nstate = "{state}"\nrobots = true\n')
        entries.append((no % hosts, no, entry))
    for host in range(hosts):
        root = os.path.join(out_dir, "www", f"127.0.0.{2 + host}")
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, "robots.txt"), "w") as f:
            f.write(ROBOTS)
    if order == "grouped":
        entries.sort()
    head = (f'[settings]\nhost_interval_secs = {interval}\nbase_url = "http://127.0.0.1:8080"\n\n'
            '[[feed]]\nid = "alle"\ntitle = "Fachkräftesicherung in allen Ländern"\n\n')
    with open(os.path.join(out_dir, "sources.toml"), "w", encoding="utf-8") as f:
        f.write(head + "\n".join(e for _, _, e in entries))
    print(f"{sources} feeds x {per_feed} items over {hosts} hosts, {total_bytes} bytes, "
          f"interval {interval} s, order {order}")


if __name__ == "__main__":
    main()

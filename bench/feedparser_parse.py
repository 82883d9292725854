#!/usr/bin/env python3
"""Benchmark baseline: every file in DIR parsed by Python feedparser, from memory.

Usage: feedparser_parse.py DIR   (run with a Python that has feedparser installed)
Prints one machine-readable line, the same shape as bench-feedrs-parse.
"""

import os
import sys
import time

import feedparser


def main():
    directory = sys.argv[1]
    files = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as f:
            files.append((name, f.read()))
    started = time.perf_counter()
    items = 0
    for name, body in files:
        parsed = feedparser.parse(body)
        if parsed.bozo and not parsed.entries:
            sys.exit(f"{name}: {parsed.bozo_exception}")
        items += len(parsed.entries)
    secs = time.perf_counter() - started
    total = sum(len(b) for _, b in files)
    print(f"feeds={len(files)} items={items} bytes={total} seconds={secs:.4f} "
          f"items_per_sec={items / secs:.0f}")


if __name__ == "__main__":
    main()

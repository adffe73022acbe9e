"""`make bench`: every benchmark in one run on this machine, then one summary of their figures.

    .venv/bin/python bench/all.py

In order (BENCH_PARTS, default "portal,upload,oai,catalogue", picks and orders them):

- portal     bench/run.py: the portal's pages, cached and uncached, and its search, at each of
             BENCH_SIZES articles (default "10000,100000").
- upload     bench/library_upload.py: the server's peak memory above idle while a
             BENCH_UPLOAD_MB video (default 2048) arrives in chunks and is ingested.
- oai        bench/library_oai.py: OAI-PMH ListRecords throughput, records per second.
- catalogue  bench/library_search.py: the public catalogue's search p50/p95.

The last two share one database of BENCH_LIBRARY_ASSETS generated released assets (default
100000, bench/library_assets.py), made once and kept under var/bench/ between runs. A part that
fails is reported as failed and the others still run.
"""

import os
import sys
import time
import traceback

import library_oai
import library_search
import library_upload
import run

PARTS = {
    "portal": ("Portal", run.bench),
    "upload": ("Repository upload memory", library_upload.bench),
    "oai": ("Repository OAI-PMH harvest", library_oai.bench),
    "catalogue": ("Repository catalogue search", library_search.bench),
}


def main() -> int:
    chosen = [part for part in os.environ.get("BENCH_PARTS", ",".join(PARTS)).split(",") if part]
    unknown = set(chosen) - set(PARTS)
    if unknown:
        raise SystemExit(f"BENCH_PARTS: unknown {', '.join(sorted(unknown))}; one of {list(PARTS)}")
    summary: list[tuple[str, float, list[str]]] = []
    started = time.perf_counter()
    for part in chosen:
        title, bench = PARTS[part]
        print(f"\n=== {title} ===\n", flush=True)
        part_started = time.perf_counter()
        try:
            lines = bench()
        except (Exception, SystemExit) as error:  # one broken part must not hide the others
            traceback.print_exc()
            lines = [f"FAILED: {error}"]
        summary.append((title, time.perf_counter() - part_started, lines))

    print("\n=== Summary ===")
    for title, seconds, lines in summary:
        print(f"\n{title} ({seconds / 60:.1f} min):")
        for line in lines:
            print(f"  {line}")
    print(f"\nAll benchmarks: {(time.perf_counter() - started) / 60:.1f} min.")
    failed = any(line.startswith("FAILED") for _title, _seconds, lines in summary for line in lines)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""OAI-PMH harvesting speed: ListRecords throughput (records per second) of /oai/.

    .venv/bin/python bench/library_oai.py              # BENCH_LIBRARY_ASSETS=100000 by default

On the repository's benchmark database (bench/library_assets.py, shared with the catalogue
benchmark: BENCH_LIBRARY_ASSETS generated released assets spread over five years, plus 1%
withdrawn — harvested as deleted records — 1% drafts, which are no records, and 1% deleted-asset
records, with topics, audiences and two-language works), starts the production server
(gunicorn, production settings, one worker) and harvests every record as a harvester does:
ListRecords (oai_dc), then each resumption token, sequentially over one keep-alive connection.
Prints the records per second (records ÷ time spent waiting for pages) and p50/p95 per page,
and checks that every record came exactly once. Also times the same harvest with
ListIdentifiers, and a harvest of one unit's set. The page size is LANTOA_OAI_PAGE_SIZE
(default 100).
"""

import http.client
import os
import sqlite3
import statistics
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

from library_assets import ASSETS, prepare, serving
from run import size_label

PAGE_SIZE = int(os.environ.get("LANTOA_OAI_PAGE_SIZE", "100"))
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def record_count(folder: Path) -> int:
    """The records a whole harvest must deliver: assets released now or once, deletions."""
    with sqlite3.connect(folder / "lantoa.sqlite3") as db:
        assets = db.execute(
            "SELECT count(*) FROM library_asset "
            "WHERE status = 'released' OR released_at IS NOT NULL"
        ).fetchone()[0]
        deletions = db.execute("SELECT count(*) FROM library_assetdeletion").fetchone()[0]
    return assets + deletions


# --- the harvest -------------------------------------------------------------------------------


def harvest(port: int, arguments: dict) -> tuple[list[float], list[str], int]:
    """(seconds per page, identifiers in order, bytes) of a whole list."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, identifiers, size = [], [], 0
    query = {**arguments}
    while True:
        path = "/oai/?" + urllib.parse.urlencode(query)
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        times.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        size += len(body)
        root = ET.fromstring(body)  # noqa: S314 (our own server's answer)
        error = root.find(f"{OAI}error")
        if error is not None:
            raise SystemExit(f"{path}: {error.get('code')}: {error.text}")
        identifiers += [item.text for item in root.iter(f"{OAI}identifier")]
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            return times, identifiers, size
        query = {"verb": arguments["verb"], "resumptionToken": token.text}


def list_sets(port: int) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/oai/?verb=ListSets")
    root = ET.fromstring(conn.getresponse().read())  # noqa: S314 (our own server's answer)
    return [item.text for item in root.iter(f"{OAI}setSpec")]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def report(name: str, times: list[float], identifiers: list[str], size: int) -> None:
    total = sum(times)
    print(
        f"{name:<34}{len(identifiers):>8,}{len(times):>7}{len(identifiers) / total:>11,.0f}"
        f"{statistics.median(times) * 1000:>9.1f}{p95(times) * 1000:>9.1f}"
        f"{max(times) * 1000:>9.1f}{size / len(times) / 1024:>9.0f}"
    )


def bench(count: int = ASSETS) -> list[str]:
    folder = prepare(count)
    expected = record_count(folder)
    load_before = os.getloadavg()[0]
    with serving(folder, LANTOA_OAI_PAGE_SIZE=str(PAGE_SIZE)) as port:
        # Warm up the worker (imports, first connection), then harvest.
        harvest(port, {"verb": "Identify"})
        print(
            f"\nOAI-PMH harvest of {expected:,} records ({size_label(count)} released assets, "
            f"1% withdrawn, 1% deleted), page size {PAGE_SIZE}, one gunicorn worker, SQLite\n"
        )
        print(
            f"{'list':<34}{'records':>8}{'pages':>7}{'records/s':>11}{'p50 ms':>9}"
            f"{'p95 ms':>9}{'max ms':>9}{'KiB/page':>9}"
        )
        times, identifiers, size = harvest(
            port, {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
        )
        if len(identifiers) != expected or len(set(identifiers)) != expected:
            raise SystemExit(
                f"harvested {len(identifiers)} ({len(set(identifiers))} distinct), "
                f"expected {expected}"
            )
        report("ListRecords oai_dc", times, identifiers, size)
        listed = harvest(port, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
        report("ListIdentifiers oai_dc", *listed)
        # The shortest unit set: tokens of long set names push the page cache's key for the
        # URL past 250 characters, and Django's cache then warns on every page.
        unit_set = min((spec for spec in list_sets(port) if ":" in spec), key=len)
        one_set = harvest(
            port, {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": unit_set}
        )
        report("ListRecords, one unit's set", *one_set)
    print(
        f"Load average (1 min) {load_before:.1f} before timing, {os.getloadavg()[0]:.1f} after, "
        f"on {os.cpu_count()} CPUs."
    )
    line = (
        f"{size_label(count)} assets: OAI-PMH ListRecords {len(identifiers) / sum(times):,.0f} "
        f"records/s ({expected:,} records, {len(times)} pages, page p95 "
        f"{p95(times) * 1000:.0f} ms)"
    )
    print(f"\n{line}")
    return [line]


def main() -> int:
    bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())

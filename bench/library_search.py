"""Catalogue search speed: p50/p95 of the public catalogue /tai-nguyen/ at BENCH_LIBRARY_ASSETS.

    .venv/bin/python bench/library_search.py           # BENCH_LIBRARY_ASSETS=100000 by default

On the repository's benchmark database (bench/library_assets.py: generated released assets with
Vietnamese titles, descriptions and document texts, indexed as the app indexes them), starts the
production server (gunicorn, production settings, one worker, the anonymous page cache off so
every request searches) and times, sequentially over one keep-alive connection, each query of
QUERIES BENCH_SEARCH_REQUESTS times after a warm-up: common words with and without diacritics
(they must find the same assets), a rare phrase, words with a topic filter, and the catalogue
unfiltered, its first page and a page halfway through. The aim is on the p95 of all of them.
"""

import html
import http.client
import os
import re
import sqlite3
import sys
import urllib.parse

from library_assets import ASSETS, prepare, released_count, serving
from run import Case, PageFailed, fetch, measure, size_label, verdict

CATALOGUE = "/tai-nguyen/"
REQUESTS = int(os.environ.get("BENCH_SEARCH_REQUESTS", "50"))
AIM_P95 = 0.100
# (name, query string); {topic} is a topic's slug, {deep} the page halfway through.
QUERIES = [
    ("search “chuyển đổi số”", {"q": "chuyển đổi số"}),
    ("search “chuyen doi so” (no diacritics)", {"q": "chuyen doi so"}),
    ("search “sâm Ngọc Linh” (rare phrase)", {"q": "sâm Ngọc Linh"}),
    (
        "search “dịch vụ công trực tuyến” + topic",
        {"q": "dịch vụ công trực tuyến", "topic": "{topic}"},
    ),
    ("catalogue page 1", {}),
    ("catalogue page {deep}", {"page": "{deep}"}),
]
FILTER_TOPIC = "Bình dân học vụ số"
_STATUS = re.compile(r'<p role="status"[^>]*>(.*?)</p>', re.DOTALL)
_ASSET_LINK = re.compile(rf'href="{CATALOGUE}([0-9a-f-]{{36}})/"')


def first_page(body: bytes) -> tuple[str, tuple[str, ...]]:
    """The page's "N resources" line as a visitor reads it, and the assets it lists."""
    text = body.decode()
    if 'class="error"' in text:
        raise PageFailed("a filter was refused")
    found = _STATUS.search(text)
    line = " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split()) if found else ""
    return line, tuple(_ASSET_LINK.findall(text))


def bench(count: int = ASSETS) -> list[str]:
    folder = prepare(count)
    released = released_count(folder)
    deep = max(1, -(-released // 24) // 2)
    with sqlite3.connect(folder / "lantoa.sqlite3") as db:
        topic = db.execute("SELECT slug FROM taggit_tag WHERE name = ?", (FILTER_TOPIC,)).fetchone()
    values = {"topic": topic[0] if topic else "", "deep": str(deep)}
    cases: dict[str, Case] = {}
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    print(f"Timing the catalogue on {released:,} released assets…", flush=True)
    load_before = os.getloadavg()[0]
    with serving(folder, PORTAL_CACHE_SECONDS="0") as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for name, query in QUERIES:
            name = name.format(**values)
            query = {key: value.format(**values) for key, value in query.items()}
            path = CATALOGUE + ("?" + urllib.parse.urlencode(query) if query else "")
            try:
                found[name] = first_page(fetch(conn, path, {})[1])
                case = Case(name, measure(port, [path], count=REQUESTS))
                print(f"  {name}: p50 {case.p50 * 1000:.1f} ms", file=sys.stderr, flush=True)
            except (PageFailed, OSError, http.client.HTTPException) as error:
                case = Case(name, [], failure=str(error) or type(error).__name__)
                print(f"  {name}: failed ({case.failure})", file=sys.stderr, flush=True)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            cases[name] = case
    load_after = os.getloadavg()[0]

    print(
        f"\nCatalogue {CATALOGUE} on {released:,} released assets — sequential requests on one "
        "connection, one gunicorn worker, SQLite, page cache off\n"
    )
    print(f"{'request':<44}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}  found")
    for name, case in cases.items():
        if case.failure:
            print(f"{name:<44}{'failed: ' + case.failure:>27}")
            continue
        print(
            f"{name:<44}{len(case.samples):>9}{case.p50 * 1000:>9.1f}{case.p95 * 1000:>9.1f}"
            f"  {found[name][0]}"
        )
    print(
        f"Load average (1 min) {load_before:.1f} before timing, {load_after:.1f} after, "
        f"on {os.cpu_count()} CPUs."
    )
    label = f"{size_label(count)} assets:"
    lines = []
    # With or without diacritics, a query must list the same assets in the same order.
    plain, folded = (found.get(name) for name, _query in QUERIES[:2])
    if plain is None or folded is None or not plain[1] or plain != folded:
        lines.append(f"{label} “chuyển đổi số” and “chuyen doi so” listed different assets: FAILED")
    if any(case.failure for case in cases.values()):
        lines.append(f"{label} catalogue search p95: MISSED (failed)")
        return lines
    every = Case("all", [sample for case in cases.values() for sample in case.samples])
    searches = Case(
        "searches",
        [sample for (name, query) in QUERIES if "q" in query for sample in cases[name].samples],
    )
    slowest = max(cases.values(), key=lambda case: case.p95)
    lines.append(
        f"{label} catalogue p50 {every.p50 * 1000:.1f} ms, p95 {every.p95 * 1000:.1f} ms over "
        f"{len(cases)} requests (aim p95 ≤ {AIM_P95 * 1000:.0f} ms: "
        f"{verdict(every.p95 <= AIM_P95)}); the searches alone p95 "
        f"{searches.p95 * 1000:.1f} ms; slowest: {slowest.name}, p95 {slowest.p95 * 1000:.1f} ms"
    )
    print()
    for line in lines:
        print(line)
    return lines


def main() -> int:
    bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The portal's speed (`make bench` runs it first, then the repository's, see bench/all.py):
its main pages, measured in one run on this machine.

For each portal size in BENCH_SIZES (articles; default "10000,100000") the benchmark prepares a
SQLite database under var/bench/ holding the Quảng Ngãi agency, Plan 2725 with generated
progress reports, the demo and that many generated articles (bench/articles.py). Generating
100,000 articles takes minutes, so each size's database is kept between runs and regenerated
only when GENERATOR_VERSION, the progress report count or the migrations change.

It then starts the production server (gunicorn, production settings, one worker) twice: with
the anonymous page cache off (PORTAL_CACHE_SECONDS=0) for the uncached pages and the search, and
with it on for the cached article, the same article's HTML served as a static file by the same
server (WhiteNoise), and the plan, API and admin pages. Pages are timed sequentially over one
keep-alive connection. Ratios to the static file, not absolute times, compare across machines;
"cached ÷ static" is the cached page's throughput as a share of the static file's.
"""

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from articles import GENERATOR_VERSION

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PROGRESS_REPORTS = int(os.environ.get("BENCH_PROGRESS", "5000"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if size]
WARM_UP = 10
# A page slow enough to take longer than this is timed fewer times (the table says how many).
CASE_SECONDS = float(os.environ.get("BENCH_CASE_SECONDS", "30"))
MIN_REQUESTS = 5
# Each search query is timed this many times (several queries make the search's p95).
SEARCH_REQUESTS = max(REQUESTS // 2, 20)
SEARCHES = [
    ("đổi mới sáng tạo", "common words"),
    ("doi moi sang tao", "same, no diacritics"),
    ("chuyển đổi số", "common words"),
    ("chuyen doi so", "same, no diacritics"),
    ("sâm Ngọc Linh", "rare phrase"),
    ("nghị quyết 57 doanh nghiệp", "four words"),
]
SECTION_PATH = "/nghi-quyet-57/"
STATIC_ARTICLE = "bench/article.html"  # under STATIC_ROOT
AIM_CACHED_SHARE = 0.5
AIM_UNCACHED_P95 = 0.030
AIM_SEARCH_P95 = 0.100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout if capture else ""


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def server_env(var_dir: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "LANTOA_VAR_DIR": str(var_dir),
        "LANTOA_DEMO": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


# --- the databases -----------------------------------------------------------------------------

SEED = """
import random
from django.contrib.auth import get_user_model
from lantoa.plans.models import Plan, TaskProgress
plan = Plan.objects.get(code="kh-2725-2025")
tasks = list(plan.nodes.filter(kind="task"))
units = list(plan.organisation.units.all())
user = get_user_model().objects.get(username="qlkh")
rng = random.Random(57)
TaskProgress.objects.bulk_create(
    TaskProgress(node=rng.choice(tasks), unit=rng.choice(units), status=rng.choice(
        ["in_progress", "done", "blocked"]), note="Báo cáo tiến độ số %d" % i, reported_by=user)
    for i in range({count})
)
"""

# Every migration on disk, by content: a database made under other migrations is made again.
MIGRATION_STATE = """
import hashlib, sys
from django.db.migrations.loader import MigrationLoader
digest = hashlib.sha256()
for key, migration in sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes.items()):
    digest.update(repr(key).encode())
    digest.update(open(sys.modules[migration.__module__].__file__, "rb").read())
print(digest.hexdigest())
"""


def dataset_key(env) -> dict:
    return {
        "generator": GENERATOR_VERSION,
        "progress_reports": PROGRESS_REPORTS,
        "migrations": manage(env, "shell", "-v0", "-c", MIGRATION_STATE, capture=True).strip(),
    }


def stamp_matches(folder: Path, key: dict) -> bool:
    stamp = folder / "dataset.json"
    return stamp.exists() and json.loads(stamp.read_text()) == key


def prepare_base(key: dict) -> Path:
    """The agency, Plan 2725 with its progress reports and the demo, without generated
    articles: the starting point of every size."""
    base = VAR / "base"
    if stamp_matches(base, key):
        return base
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = server_env(base)
    print(f"Preparing the agency, Plan 2725 with {PROGRESS_REPORTS} progress reports and the demo…")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_agency")
    manage(env, "load_plan")
    manage(env, "load_demo")
    manage(env, "shell", "-v0", "-c", SEED.format(count=PROGRESS_REPORTS))
    (base / "dataset.json").write_text(json.dumps(key))
    return base


def prepare_size(size: int, key: dict) -> Path:
    """var/bench/portal-<size>/: the base plus `size` generated articles, kept between runs."""
    folder = VAR / f"portal-{size_label(size)}"
    key = {**key, "articles": size}
    if not stamp_matches(folder, key):
        base = prepare_base({k: v for k, v in key.items() if k != "articles"})
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(base, folder)
        (folder / "dataset.json").unlink()
        print(f"Generating {size:,} articles (kept in {folder.relative_to(ROOT)} for later runs)…")
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "articles.py"), str(size)],
            cwd=ROOT,
            env=server_env(folder),
            check=True,
        )
        (folder / "dataset.json").write_text(json.dumps(key))
    # Nothing from an earlier run: no stored pages, no stale static files.
    shutil.rmtree(folder / "cache", ignore_errors=True)
    env = server_env(folder)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return folder


def article_samples(folder: Path, count: int) -> tuple[list[str], list[str]]:
    """Random live articles' URLs, and one article per featured image (to make renditions)."""
    with sqlite3.connect(folder / "lantoa.sqlite3") as db:
        root_path = db.execute(
            "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p "
            "ON p.id = s.root_page_id WHERE s.is_default_site"
        ).fetchone()[0]
        articles = "wagtailcore_page p JOIN portal_articlepage a ON a.page_ptr_id = p.id"
        random_paths = db.execute(
            f"SELECT p.url_path FROM {articles} WHERE p.live ORDER BY random() LIMIT ?",  # noqa: S608
            (count,),
        ).fetchall()
        image_paths = db.execute(
            f"SELECT min(p.url_path) FROM {articles} WHERE p.live "  # noqa: S608
            "AND a.featured_image_id IS NOT NULL GROUP BY a.featured_image_id"
        ).fetchall()

    def url(row) -> str:
        return urllib.parse.quote("/" + row[0][len(root_path) :])

    return [url(row) for row in random_paths], [url(row) for row in image_paths]


# --- the server --------------------------------------------------------------------------------


@contextmanager
def serving(folder: Path, *, cache_seconds: int):
    """A gunicorn worker and the task worker on `folder`'s database; yields the port."""
    env = server_env(folder, PORTAL_CACHE_SECONDS=str(cache_seconds))
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "lantoa.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "run_worker", "--no-startup-delay", "--no-reload", "-v0"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=10)


def fetch(conn, path, headers) -> tuple[float, bytes]:
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise PageFailed(f"HTTP {response.status}")
    return elapsed, body


class PageFailed(Exception):
    """A page answered with an error: the case is reported as failed, the run goes on."""


def _no_samples():
    raise PageFailed("a query failed")


def session_cookie(port) -> str:
    """Sign in as the QLKH demo user through the admin login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/admin/login/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = f"csrfmiddlewaretoken={token}&username=qlkh&password=LanToa%402025&next=/admin/"
    conn.request(
        "POST",
        "/admin/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    sessionid = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if not sessionid:
        raise SystemExit("could not sign in for the benchmark")
    return f"sessionid={sessionid.group(1)}; csrftoken={csrf_cookie}"


def measure(port, paths: list[str], headers=None, *, count=REQUESTS) -> list[float]:
    """`count` timed requests cycling through `paths`, after WARM_UP untimed ones; fewer of
    both (at least MIN_REQUESTS timed) when a slow page would take more than CASE_SECONDS."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = headers or {}
    started = time.perf_counter()
    for number in range(WARM_UP):
        fetch(conn, paths[number % len(paths)], headers)
        if time.perf_counter() - started > CASE_SECONDS / 10:
            break
    samples = []
    started = time.perf_counter()
    for number in range(count):
        samples.append(fetch(conn, paths[number % len(paths)], headers)[0])
        if len(samples) >= MIN_REQUESTS and time.perf_counter() - started > CASE_SECONDS:
            break
    return samples


def measure_once_each(port, paths: list[str]) -> list[float]:
    """Each path once (pages a visitor has not seen, so nothing is warm but the code)."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    return [fetch(conn, path, {})[0] for path in paths]


# --- one size ----------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    samples: list[float]
    failure: str = ""  # why the page could not be timed

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(int(len(ordered) * 0.95) - 1, 0)]

    @property
    def per_second(self) -> float:
        return len(self.samples) / sum(self.samples)


def bench_size(size: int, key: dict) -> dict[str, Case]:
    folder = prepare_size(size, key)
    random_articles, one_per_image = article_samples(folder, WARM_UP + REQUESTS)
    article = random_articles[0]
    cases: dict[str, Case] = {}

    def add(name, timing):
        try:
            case = Case(name, timing())
            print(f"  {name}: p50 {case.p50 * 1000:.1f} ms", file=sys.stderr, flush=True)
        except (PageFailed, OSError, http.client.HTTPException) as error:
            # A worker killed by gunicorn's timeout drops the connection.
            case = Case(name, [], failure=str(error) or type(error).__name__)
            print(f"  {name}: failed ({case.failure})", file=sys.stderr, flush=True)
        cases[name] = case

    print(f"Timing {size:,} articles…", flush=True)
    load_before = os.getloadavg()[0]
    with serving(folder, cache_seconds=0) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        # Renditions are made on an image's first showing: not what a visit costs.
        for path in ["/", SECTION_PATH, *one_per_image]:
            fetch(conn, path, {})
        html = fetch(conn, article, {})[1]
        static_file = folder / "static" / STATIC_ARTICLE
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(html)

        uncached_articles = random_articles[1 : REQUESTS + 1]
        add("article, uncached (random)", lambda: measure_once_each(port, uncached_articles))
        add("section page 1, uncached", lambda: measure(port, [SECTION_PATH]))
        add("section page 100, uncached", lambda: measure(port, [f"{SECTION_PATH}?page=100"]))
        add("home page, uncached", lambda: measure(port, ["/"]))
        searches = []
        for query, _why in SEARCHES:
            path = "/tim-kiem/?" + urllib.parse.urlencode({"q": query})
            add(f"search “{query}”", lambda path=path: measure(port, [path], count=SEARCH_REQUESTS))
            searches += cases[f"search “{query}”"].samples
        if any(cases[f"search “{query}”"].failure for query, _why in SEARCHES):
            searches = []  # reported as failed: a p95 without the failed queries would flatter
        add("search, all queries", lambda: searches or _no_samples())

    # WhiteNoise reads STATIC_ROOT when the server starts: the article's HTML is there now.
    with serving(folder, cache_seconds=600) as port:
        cookie = {"Cookie": session_cookie(port)}
        add("static file: article HTML", lambda: measure(port, [f"/static/{STATIC_ARTICLE}"]))
        add("article, cached", lambda: measure(port, [article]))
        add("static file: public.css", lambda: measure(port, ["/static/css/public.css"]))
        add("/healthz", lambda: measure(port, ["/healthz"]))
        add("public plan summary, cached", lambda: measure(port, ["/ke-hoach/kh-2725-2025/"]))
        add("API plan detail", lambda: measure(port, ["/api/v1/plans/kh-2725-2025/"]))
        add("API units", lambda: measure(port, ["/api/v1/units/"]))
        add("staff dashboard (QLKH)", lambda: measure(port, ["/admin/plans/dashboard/"], cookie))
        add("staff progress list", lambda: measure(port, ["/admin/plans/progress/"], cookie))
    # Other work on the machine slows every page: the table says how busy it was.
    print(
        f"Load average (1 min) {load_before:.1f} before timing, {os.getloadavg()[0]:.1f} after, "
        f"on {os.cpu_count()} CPUs."
    )
    return cases


def report(size: int, cases: dict[str, Case]) -> list[str]:
    """The size's table, and one line per aim (printed again at the end)."""
    static = cases["static file: article HTML"]
    print(
        f"\n{size:,} articles — sequential requests on one connection, one gunicorn worker, "
        f"SQLite, {PROGRESS_REPORTS} progress reports\n"
    )
    print(f"{'page':<40}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p50 / static':>14}")
    for case in cases.values():
        if case.failure:
            print(f"{case.name:<40}{'failed: ' + case.failure:>41}")
            continue
        ratio = f"{case.p50 / static.p50:>13.1f}x" if not static.failure else ""
        print(
            f"{case.name:<40}{len(case.samples):>9}{case.p50 * 1000:>9.1f}"
            f"{case.p95 * 1000:>9.1f}{ratio}"
        )

    label = f"{size_label(size)}:"
    cached = cases["article, cached"]
    uncached = cases["article, uncached (random)"]
    search = cases["search, all queries"]
    aims = []
    if cached.failure or static.failure:
        aims.append(f"{label:<6}cached article ÷ static: MISSED (failed)")
    else:
        share = cached.per_second / static.per_second
        aims.append(
            f"{label:<6}cached article {cached.per_second:,.0f} req/s ÷ static "
            f"{static.per_second:,.0f} req/s = {share:.0%} "
            f"(aim ≥ {AIM_CACHED_SHARE:.0%}: {verdict(share >= AIM_CACHED_SHARE)})"
        )
    for name, case, aim in (
        ("uncached article", uncached, AIM_UNCACHED_P95),
        ("search", search, AIM_SEARCH_P95),
    ):
        if case.failure or not case.samples:
            aims.append(f"{label:<6}{name} p95: MISSED (failed)")
        else:
            aims.append(
                f"{label:<6}{name} p95 {case.p95 * 1000:.1f} ms "
                f"(aim ≤ {aim * 1000:.0f} ms: {verdict(case.p95 <= aim)})"
            )
    print()
    for line in aims:
        print(line)
    return aims


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def bench() -> list[str]:
    """Every portal size's table; the aims' lines."""
    VAR.mkdir(parents=True, exist_ok=True)
    key = dataset_key(server_env(VAR))
    aims = []
    for size in SIZES:
        aims += report(size, bench_size(size, key))
    return aims


def main() -> int:
    aims = bench()
    if len(SIZES) > 1:
        print("\nAims, every size:")
        for line in aims:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: speed of the system's main pages, measured in one run on this machine.

Starts the production server (gunicorn, production settings) on a throwaway SQLite database
under var/bench/, loads the Quảng Ngãi agency and Plan 2725 with generated progress reports,
then times each page sequentially over one keep-alive connection and prints p50/p95 and the
ratio to the same server returning a static file. Ratios, not absolute times, are what compare
across machines.
"""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PROGRESS_REPORTS = int(os.environ.get("BENCH_PROGRESS", "5000"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


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


def timed(conn, path, headers) -> float:
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


def session_cookie(port) -> str:
    """Sign in as the QLKH demo user through the admin login form."""
    import re

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


def measure(port, path, headers=None) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = headers or {}
    for _ in range(10):  # warm up
        timed(conn, path, headers)
    return [timed(conn, path, headers) for _ in range(REQUESTS)]


def main() -> int:
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "LANTOA_VAR_DIR": str(VAR),
        "LANTOA_DEMO": "1",
        "LOG_LEVEL": "WARNING",
    }
    print(
        f"Preparing a throwaway database with Plan 2725 and {PROGRESS_REPORTS} progress reports…",
        flush=True,
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_agency")
    manage(env, "load_plan")
    manage(env, "load_demo")
    manage(env, "shell", "-v0", "-c", SEED.format(count=PROGRESS_REPORTS))

    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "lantoa.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
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
        cookie = {"Cookie": session_cookie(port)}
        cases = [
            ("static file (baseline)", "/static/css/public.css", None),
            ("/healthz", "/healthz", None),
            ("public plan summary", "/ke-hoach/kh-2725-2025/", None),
            ("API plan detail", "/api/v1/plans/kh-2725-2025/", None),
            ("API units", "/api/v1/units/", None),
            ("staff dashboard (QLKH)", "/admin/plans/dashboard/", cookie),
            ("staff progress list", "/admin/plans/progress/", cookie),
        ]
        results = {name: measure(port, path, headers) for name, path, headers in cases}
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=10)

    baseline = statistics.median(results["static file (baseline)"])
    print(
        f"\n{REQUESTS} sequential requests per page, one gunicorn worker, SQLite, "
        f"{PROGRESS_REPORTS} progress reports\n"
    )
    print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50 / static':>14}")
    for name, samples in results.items():
        samples = sorted(samples)
        p50 = statistics.median(samples)
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(f"{name:<26}{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}{p50 / baseline:>13.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

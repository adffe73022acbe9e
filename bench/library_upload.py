"""Server memory while a 2 GB video is uploaded to the resource repository in resumable chunks.

Starts the production server as `bench/run.py` does (gunicorn, production settings, one worker)
on a fresh SQLite database under var/bench/library-upload/, signs in a unit's officer, makes a
real 2 GB video with ffmpeg (raw frames in Matroska: a few seconds), and sends it through the
admin's resumable upload endpoints the way the upload screen does: open a session, PUT 8 MB
chunks with Content-Range over one keep-alive connection, finish with the catalogue fields
(which runs the whole ingest: type by content, ffmpeg's truncation scan, SHA-256, storage).
The client streams the file from disk in 1 MB pieces and never holds it.

While it runs, a thread samples the gunicorn worker's resident memory (VmRSS in /proc) every
20 ms. It prints the worker's idle RSS (after a warm-up request), its peak during the chunks and
during the finish, the peak above idle in MB (the aim: under 100 MB), and the upload throughput.
ffmpeg and ffprobe run as child processes with their own memory: their peak is printed apart.

    .venv/bin/python bench/library_upload.py           # BENCH_UPLOAD_MB=2048 by default
"""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "bench" / "library-upload"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "2048"))
CHUNK_BYTES = 8 * 1024 * 1024
SEND_PIECE = 1024 * 1024
SAMPLE_SECONDS = 0.02
AIM_ABOVE_IDLE_MB = 100
# One 1920×1080 frame in yuv420p is 3,110,400 bytes.
FRAME_BYTES = 1920 * 1080 * 3 // 2

SIGN_IN = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from lantoa.directory.models import Person, Unit
from lantoa.directory.roles import role_get
unit = Unit.objects.get(code="TTCĐS")
user = get_user_model().objects.create_user(username="bench-upload", password=None)
user.groups.add(Group.objects.get(name=role_get("unit_staff").group_name))
Person.objects.create(unit=unit, user=user, full_name="Bench Upload")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key, unit.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "LANTOA_VAR_DIR": str(FOLDER),
        "LOG_LEVEL": "WARNING",
    }


def manage(*args, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout if capture else ""


def make_video(path: Path, size_mb: int) -> None:
    """A real video of about `size_mb` MB: raw 1080p frames of ffmpeg's test pattern in MKV."""
    frames = max(1, size_mb * 1024 * 1024 // FRAME_BYTES)
    subprocess.run(
        [shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", "testsrc2=size=1920x1080:rate=25", "-frames:v", str(frames),
         "-c:v", "rawvideo", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip


def rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class Sampler(threading.Thread):
    """Samples the worker's RSS (and its child processes') until stopped."""

    def __init__(self, worker: int):
        super().__init__(daemon=True)
        self.worker = worker
        self.phase = "idle"
        self.peaks: dict[str, int] = {}
        self.child_peak = 0
        self.running = True

    def run(self):
        while self.running:
            value = rss_kb(self.worker)
            self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), value)
            for child in children(self.worker):
                self.child_peak = max(self.child_peak, rss_kb(child))
            time.sleep(SAMPLE_SECONDS)


@contextmanager
def serving():
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "lantoa.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=server_env(),
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        worker = None
        for _ in range(100):
            found = children(server.pid)
            if found:
                worker = found[0]
                break
            time.sleep(0.1)
        if worker is None:
            raise SystemExit("no gunicorn worker found")
        yield port, worker
    finally:
        server.terminate()
        server.wait(timeout=20)


def call(conn, method, path, headers, body=b""):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data.startswith(b"{") else {})


def send_chunk(conn, url, headers, source, start, length, total) -> dict:
    conn.putrequest("PUT", url)
    for name, value in {
        **headers,
        "Content-Type": "application/octet-stream",
        "Content-Length": str(length),
        "Content-Range": f"bytes {start}-{start + length - 1}/{total}",
    }.items():
        conn.putheader(name, value)
    conn.endheaders()
    source.seek(start)
    left = length
    while left:
        piece = source.read(min(SEND_PIECE, left))
        conn.send(piece)
        left -= len(piece)
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    if response.status != 200:
        raise SystemExit(f"chunk at {start}: HTTP {response.status} {data}")
    return data


def bench() -> list[str]:
    if shutil.which("ffmpeg") is None:
        raise SystemExit("ffmpeg is missing: scripts/ensure-debian-packages ffmpeg")
    shutil.rmtree(FOLDER, ignore_errors=True)
    (FOLDER / "static").mkdir(parents=True)  # no static files are served: none collected
    print("Preparing a fresh database (migrate, agency, one unit officer)…", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_agency")
    session_key, unit_id = manage("shell", "-v0", "-c", SIGN_IN, capture=True).split()
    video = FOLDER / "phong-su.mkv"
    started = time.perf_counter()
    make_video(video, SIZE_MB)
    size = video.stat().st_size
    print(f"Made a {size / 1024**2:,.0f} MB video in {time.perf_counter() - started:.1f} s.")

    csrf = secrets.token_hex(16)  # 32 characters: Django takes the secret itself as the token
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Accept": "application/json",
    }
    with serving() as (port, worker):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        form = urllib.parse.urlencode({"filename": video.name, "size": size})
        status, session = call(
            conn,
            "POST",
            "/admin/library/upload/sessions/",
            {**headers, "Content-Type": "application/x-www-form-urlencoded"},
            form,
        )
        if status != 201:
            raise SystemExit(f"open session: HTTP {status} {session} (not signed in?)")
        for _ in range(3):  # warm up: the code of the endpoints is loaded
            call(conn, "GET", session["urls"]["status"], headers)
        time.sleep(1)
        idle = rss_kb(worker)
        sampler = Sampler(worker)
        sampler.start()
        sampler.phase = "chunks"
        started = time.perf_counter()
        with open(video, "rb") as source:
            offset = 0
            while offset < size:
                length = min(CHUNK_BYTES, size - offset)
                offset = send_chunk(
                    conn, session["urls"]["chunk"], headers, source, offset, length, size
                )["received"]
        upload_seconds = time.perf_counter() - started
        sampler.phase = "finish"
        started = time.perf_counter()
        fields = urllib.parse.urlencode(
            {"source_unit": unit_id, "licence": "CC-BY-4.0", "language": "vi"}
        )
        status, result = call(
            conn,
            "POST",
            session["urls"]["finish"],
            {**headers, "Content-Type": "application/x-www-form-urlencoded"},
            fields,
        )
        finish_seconds = time.perf_counter() - started
        time.sleep(0.2)
        sampler.running = False
        sampler.join()
        after = rss_kb(worker)
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(FOLDER, ignore_errors=True)
    if status != 201:
        raise SystemExit(f"finish: HTTP {status} {result}")

    peak = max(sampler.peaks.values())
    above = (peak - idle) / 1024
    print(
        f"\nUpload of {size / 1024**2:,.0f} MB in {CHUNK_BYTES // 1024**2} MB chunks, one gunicorn "
        "worker, production settings, SQLite\n"
    )
    print(f"{'gunicorn worker RSS':<44}{'MB':>8}")
    print(f"{'idle (after warm-up)':<44}{idle / 1024:>8.1f}")
    print(f"{'peak while receiving chunks':<44}{sampler.peaks.get('chunks', 0) / 1024:>8.1f}")
    print(f"{'peak while finishing (ingest)':<44}{sampler.peaks.get('finish', 0) / 1024:>8.1f}")
    print(f"{'peak':<44}{peak / 1024:>8.1f}")
    print(f"{'after':<44}{after / 1024:>8.1f}")
    print(f"{'ffmpeg/ffprobe child process peak':<44}{sampler.child_peak / 1024:>8.1f}")
    print(
        f"\nthroughput: {size / 1024**2 / upload_seconds:,.0f} MB/s over {upload_seconds:.1f} s; "
        f"finish (ingest) {finish_seconds:.1f} s; asset {result['asset']['id']} "
        f"“{result['asset']['title']}” ({result['asset']['kind']})"
    )
    verdict = "met" if above < AIM_ABOVE_IDLE_MB else "MISSED"
    print(
        f"peak above idle: {above:.1f} MB (aim < {AIM_ABOVE_IDLE_MB} MB: {verdict})",
        flush=True,
    )
    return [
        f"upload of {size / 1024**2:,.0f} MB: server worker peak {above:.1f} MB above idle "
        f"(aim < {AIM_ABOVE_IDLE_MB} MB: {verdict}); {size / 1024**2 / upload_seconds:,.0f} MB/s, "
        f"ingest {finish_seconds:.1f} s"
    ]


def main() -> int:
    bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())

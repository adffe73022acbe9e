"""OAI-PMH harvesting speed: ListRecords throughput (records per second) of /oai/.

    .venv/bin/python bench/library_oai.py              # BENCH_OAI_ASSETS=20000 by default

Builds a throwaway SQLite database under var/bench-oai/ (migrated, the Quảng Ngãi agency, the
repository's collections: one per unit) holding BENCH_OAI_ASSETS generated assets written in
bulk — released ones spread over five years, 1% withdrawn, plus 1% deleted-asset records, with
topics and two-language works — then starts the production server (gunicorn, production
settings, one worker) on it and harvests every record as a harvester does: ListRecords
(oai_dc), then each resumption token, sequentially over one keep-alive connection. Prints the
records per second (records ÷ time spent waiting for pages) and p50/p95 per page, and checks
that every record came exactly once. Also times the same harvest with ListIdentifiers, and a
harvest of one unit's set. The page size is LANTOA_OAI_PAGE_SIZE (default 100).

The database is made anew on every run (a minute at 20,000 assets, mostly migrating).
"""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench-oai"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
ASSETS = int(os.environ.get("BENCH_OAI_ASSETS", "20000"))
PAGE_SIZE = int(os.environ.get("LANTOA_OAI_PAGE_SIZE", "100"))
OAI = "{http://www.openarchives.org/OAI/2.0/}"
SEED = 57
BATCH = 2000
TOPICS = [
    "Nghị quyết 57",
    "Chuyển đổi số",
    "Bình dân học vụ số",
    "Đổi mới sáng tạo",
    "Khoa học và công nghệ",
    "Sở hữu trí tuệ",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "LANTOA_VAR_DIR": str(VAR),
        "LANTOA_BASE_URL": f"http://127.0.0.1:{port}",
        "LANTOA_OAI_PAGE_SIZE": str(PAGE_SIZE),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


# --- the data (run inside Django: `python bench/library_oai.py generate N`) --------------------


def assets_generate(count: int) -> str:
    import random
    import uuid
    from datetime import UTC, datetime, timedelta

    from django.db import transaction
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from lantoa.directory.models import Unit
    from lantoa.library.licences import Licence
    from lantoa.library.models import (
        Asset,
        AssetDeletion,
        AssetKind,
        AssetStatus,
        AssetTopic,
        Work,
    )
    from lantoa.library.oai import CollectionSets

    rng = random.Random(SEED)  # noqa: S311 (reproducible test data)
    Document = get_document_model()
    units = list(Unit.objects.active().order_by("pk"))
    root = Collection.get_first_root_node()
    repository = root.add_child(name="Kho tài nguyên")
    collections = {unit.pk: repository.add_child(name=unit.name) for unit in units}
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TOPICS]
    # updated_at is the OAI datestamp: spread it over five years instead of "now".
    Asset._meta.get_field("updated_at").auto_now = False
    start = datetime(2021, 1, 1, tzinfo=UTC)
    span = int(timedelta(days=5 * 365).total_seconds())
    kinds = list(AssetKind.values)
    licences = list(Licence.values)
    made = 0
    started = time.perf_counter()
    with transaction.atomic():
        while made < count:
            size = min(BATCH, count - made)
            documents = Document.objects.bulk_create(
                Document(
                    title=f"Tài liệu {made + n}",
                    file=f"documents/bench-{made + n}.pdf",
                    collection=collections[units[(made + n) % len(units)].pk],
                    file_size=250_000,
                )
                for n in range(size)
            )
            works = Work.objects.bulk_create(
                Work(title=f"Sổ tay số {made + n}") for n in range(0, size, 50)
            )
            assets = []
            for n, document in enumerate(documents):
                number = made + n
                unit = units[number % len(units)]
                changed = start + timedelta(seconds=rng.randrange(span))
                paired = n % 50 in (0, 1)
                assets.append(
                    Asset(
                        identifier=uuid.UUID(int=rng.getrandbits(128), version=4),
                        kind=rng.choice(kinds),
                        title=f"Ấn phẩm truyền thông về chuyển đổi số số {number}",
                        description=(
                            "Tài liệu hướng dẫn người dân sử dụng dịch vụ công trực tuyến, "
                            "thanh toán không dùng tiền mặt và bảo vệ thông tin cá nhân. " * 2
                        ),
                        language="en" if paired and n % 50 == 1 else "vi",
                        creator="Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
                        source_unit=unit,
                        created_on=changed.date(),
                        licence=rng.choice(licences),
                        attribution="Sở KH&CN Quảng Ngãi",
                        collection=collections[unit.pk],
                        status=AssetStatus.WITHDRAWN if number % 100 == 99 else "released",
                        released_at=changed,
                        document=document,
                        mime_type="application/pdf",
                        file_size=250_000,
                        work=works[n // 50] if paired else None,
                        updated_at=changed,
                    )
                )
            assets = Asset.objects.bulk_create(assets)
            AssetTopic.objects.bulk_create(
                AssetTopic(content_object=asset, tag=tag)
                for asset in assets
                for tag in rng.sample(tags, 2)
            )
            made += size
        sets = CollectionSets.load()
        AssetDeletion.objects.bulk_create(
            AssetDeletion(
                identifier=uuid.uuid4(),
                deleted_at=start + timedelta(seconds=rng.randrange(span)),
                set_specs=sets.specs_for(collections[units[n % len(units)].pk].pk),
            )
            for n in range(count // 100)
        )
    return f"{count:,} assets in {time.perf_counter() - started:.1f} s"


def prepare() -> None:
    shutil.rmtree(VAR, ignore_errors=True)
    (VAR / "static").mkdir(parents=True)  # WhiteNoise warns when STATIC_ROOT is missing
    env = server_env(0)
    print(f"Preparing {VAR.relative_to(ROOT)}: migrating, the agency, {ASSETS:,} assets…")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_agency")
    subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "generate", str(ASSETS)],
        cwd=ROOT,
        env=env,
        check=True,
    )


# --- the harvest -------------------------------------------------------------------------------


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [GUNICORN, "lantoa.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=server_env(port),
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


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


def main() -> int:
    if sys.argv[1:2] == ["generate"]:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        print(assets_generate(int(sys.argv[2])))
        return 0

    prepare()
    expected = ASSETS + ASSETS // 100
    port = free_port()
    server = start_server(port)
    try:
        # Warm up the worker (imports, first connection), then harvest.
        harvest(port, {"verb": "Identify"})
        print(
            f"\nOAI-PMH harvest of {expected:,} records ({ASSETS:,} assets, 1% withdrawn, "
            f"+1% deleted), page size {PAGE_SIZE}, one gunicorn worker, SQLite\n"
        )
        print(
            f"{'list':<34}{'records':>8}{'pages':>7}{'records/s':>11}{'p50 ms':>9}"
            f"{'p95 ms':>9}{'max ms':>9}{'KiB/page':>9}"
        )
        times, identifiers, size = harvest(
            port, {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
        )
        if len(identifiers) != expected or len(set(identifiers)) != expected:
            raise SystemExit(f"harvested {len(identifiers)} ({len(set(identifiers))} distinct)")
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
        records_per_second = len(identifiers) / sum(times)
        print(f"\nListRecords throughput: {records_per_second:,.0f} records/s")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

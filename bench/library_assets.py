"""The resource repository's benchmark dataset, shared by the OAI-PMH and catalogue benchmarks.

    .venv/bin/python bench/library_assets.py          # prepare it; BENCH_LIBRARY_ASSETS=100000

`prepare()` keeps one SQLite database under var/bench/library-<size>/ (migrated, the Quảng Ngãi
agency, the portal's pages for the site frame, the repository's collections, topics and
audiences from `load_library`) holding BENCH_LIBRARY_ASSETS generated released assets (and the
English versions of some handbooks), plus 1% withdrawn, 1% drafts and 1% deleted-asset records.
Generating 100,000 assets takes about ten minutes, so the database is kept between runs and made
again only when GENERATOR_VERSION, the size or any migration changes (a stamp, as bench/run.py
does for the portal's articles).

The rows are written in bulk, the way the upload pipeline (`ingest.asset_ingest`, then
`derivatives.asset_process`) and a release leave them: each asset has its own Wagtail image,
document or wagtailmedia file named by the asset's title, in its unit's (or a topic's)
collection; documents carry extracted text; topics, audiences and two-language works are set.
Every row is then put in the search index through the backend's own `add_bulk`, with the
querysets `update_index` reads (`get_indexed_objects`) and the models' own indexed methods
(`Asset.folded_title`, `Asset.folded_text`), so the index holds what the app would have
written: `python bench/library_assets.py check 2000` compares it with a fresh `update_index`.

Titles, descriptions and document texts read like the portal demo's (bench/articles.py's
vocabulary and the demo articles' sentences): Vietnamese with its diacritics, spread over the
six kinds, the units, the topics, the licences and five years to yesterday. One asset in
RARE_PHRASE_EVERY mentions "sâm Ngọc Linh", the catalogue benchmark's rare phrase.
"""

import functools
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from articles import (
    ACTIONS,
    ACTORS,
    EXTRA_SENTENCES,
    PLACES,
    SUBJECTS,
    _computed_search_fields,
    _index_values_memoise,
    _moments,  # the same spread over the same YEARS as the articles
)
from run import MIGRATION_STATE, free_port, manage, size_label, stamp_matches

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# Bump when the generated content changes: the benchmark then makes its database again.
GENERATOR_VERSION = 2
ASSETS = int(os.environ.get("BENCH_LIBRARY_ASSETS", "100000"))
SEED = 57
BATCH = 5000
YEARS = 5
RARE_PHRASE_EVERY = 1000
RARE_SENTENCE = (
    "Tư liệu ghi lại mô hình trồng sâm Ngọc Linh dưới tán rừng và quy trình nhân giống bằng "
    "công nghệ nuôi cấy mô tại {place}."
)

KIND_WEIGHTS = {
    "image": 40,
    "infographic": 12,
    "video": 10,
    "audio": 6,
    "document": 20,
    "publication": 12,
}
LICENCE_WEIGHTS = {
    "CC-BY-4.0": 60,
    "CC-BY-SA-4.0": 10,
    "CC-BY-NC-4.0": 8,
    "CC0-1.0": 8,
    "public-domain": 2,
    "all-rights-reserved": 12,
}
# What each kind's title looks like; {event} is "who does what", {subject} a theme.
TITLES = {
    "image": ["{event} {closing}", "Ảnh: {event} {closing}", "Toàn cảnh {event} {closing}"],
    "infographic": [
        "Infographic: Kết quả {subject} {closing}",
        "Infographic: {count} người dân tham gia {subject} {closing}",
        "Đồ họa: Những con số về {subject} {closing}",
    ],
    "video": [
        "Video: {event} {closing}",
        "Phóng sự: {subject} {closing}",
        "Clip hướng dẫn {subject}",
    ],
    "audio": [
        "Bản tin phát thanh: {subject} {closing}",
        "Tọa đàm trên sóng phát thanh về {subject}",
        "Chương trình phát thanh tiếng dân tộc: {subject}",
    ],
    "document": [
        "Kế hoạch triển khai {subject} {closing}",
        "Báo cáo kết quả {subject} {closing}",
        "Hướng dẫn thực hiện {subject} {closing}",
        "Tài liệu hội thảo về {subject} {closing}",
    ],
    "publication": [
        "Sổ tay {subject}",
        "Cẩm nang {subject} dành cho cán bộ cơ sở",
        "Tờ gấp tuyên truyền {subject}",
        "Tài liệu bồi dưỡng {subject} {closing}",
    ],
}
CLOSINGS = [
    "năm {year}",
    "quý {quarter}/{year}",
    "tại {place}",
    "trên địa bàn {place}",
    "giai đoạn {year}–{next_year}",
]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu", "Thu", "Đức"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hương", "Lan", "Long", "Nam", "Phúc"]
CREDIT_PREFIXES = {
    "image": "Ảnh",
    "infographic": "Đồ họa",
    "video": "Video",
    "audio": "Âm thanh",
    "document": "Nguồn",
    "publication": "Nguồn",
}
FILES = {  # kind → (field, extension, media type, typical size in bytes)
    "image": ("image", "jpg", "image/jpeg", 2_400_000),
    "infographic": ("image", "png", "image/png", 900_000),
    "video": ("media", "mp4", "video/mp4", 180_000_000),
    "audio": ("media", "mp3", "audio/mpeg", 9_000_000),
    "document": ("document", "pdf", "application/pdf", 700_000),
    "publication": ("document", "pdf", "application/pdf", 4_500_000),
}
EXTRA_TOPICS = ["Hội thảo", "Tập huấn", "Doanh nghiệp", "Thanh niên", "Nông thôn mới", "OCOP"]


# --- the data (run inside Django: `python bench/library_assets.py generate N`) -----------------


class AssetWriter:
    """Titles, descriptions and document texts in the portal demo's voice, from a seed."""

    def __init__(self, rng: random.Random):
        from articles import ArticleWriter

        self.rng = rng
        self.sentences = ArticleWriter(rng).sentences

    def _fill(self, template: str, moment: datetime) -> str:
        rng = self.rng
        return template.format(
            year=moment.year,
            next_year=moment.year + 1,
            quarter=(moment.month - 1) // 3 + 1,
            place=rng.choice(PLACES),
            count=f"{rng.randrange(120, 25000):,}".replace(",", "."),
            event=f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}",
            subject=rng.choice(SUBJECTS),
            closing="{closing}",
        ).replace("{closing}", self._closing(moment))

    def _closing(self, moment: datetime) -> str:
        return self._fill(self.rng.choice(CLOSINGS), moment) if self.rng.random() < 0.8 else ""

    def title(self, kind: str, moment: datetime) -> str:
        return " ".join(self._fill(self.rng.choice(TITLES[kind]), moment).split())

    def description(self, moment: datetime, *, rare: bool) -> str:
        rng = self.rng
        sentences = rng.sample(self.sentences, rng.randint(1, 3))
        if rng.random() < 0.4:
            sentences.append(self._fill(rng.choice(EXTRA_SENTENCES), moment))
        if rare:
            sentences.insert(0, self._fill(RARE_SENTENCE, moment))
        return " ".join(sentences)

    def document_text(self, moment: datetime, *, rare: bool) -> str:
        """What text extraction reads from a PDF: a few pages of paragraphs."""
        rng = self.rng
        paragraphs = []
        for _number in range(rng.randint(4, 12)):
            sentences = rng.sample(self.sentences, rng.randint(2, 4))
            if rng.random() < 0.5:
                sentences.append(self._fill(rng.choice(EXTRA_SENTENCES), moment))
            paragraphs.append(" ".join(sentences))
        if rare:
            paragraphs.insert(1, self._fill(RARE_SENTENCE, moment))
        return "\n\n".join(paragraphs)

    def person(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def _index(backend, model, ids: list[int]) -> None:
    """Index the rows as `update_index` does: its queryset, the backend's add_bulk. The
    indexed methods (`folded_text`…) are computed once per row instead of three times."""
    if not ids:
        return
    rows = list(model.get_indexed_objects().filter(pk__in=ids))
    computed = _computed_search_fields(model)
    for row in rows:
        _index_values_memoise(row, computed)
    backend.add_bulk(model, rows)


def assets_generate(count: int, *, seed: int = SEED) -> str:
    """`count` released assets, 1% withdrawn and 1% drafts besides, 1% deletion records; a
    summary line. Run on a database holding the agency and the repository's setup."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.search.backends import get_search_backend
    from wagtailmedia.models import get_media_model

    from lantoa.core.text import nfc
    from lantoa.directory.models import Unit
    from lantoa.directory.selectors import home_organisation
    from lantoa.library.models import (
        Asset,
        AssetDeletion,
        AssetStatus,
        AssetTopic,
        Audience,
        Work,
    )
    from lantoa.library.oai import CollectionSets
    from lantoa.library.selectors import library_root_collection
    from lantoa.library.setup import library_config

    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (reproducible sample content, not secrets)
    writer = AssetWriter(rng)
    Image, Document, Media = get_image_model(), get_document_model(), get_media_model()
    file_models = {"image": Image, "document": Document, "media": Media}
    backend = get_search_backend()
    units = list(Unit.objects.active().filter(organisation=home_organisation()).order_by("pk"))
    unit_weights = [6 if unit.has_communication_duty else 1 for unit in units]
    root = library_root_collection()
    collections = {collection.name: collection for collection in root.get_children()}
    unit_collections = {unit.pk: collections[unit.name] for unit in units}
    config = library_config()
    topic_collections = [collections[name] for name in config.topics]
    topics = [Tag.objects.get_or_create(name=name)[0] for name in config.topics]
    extra_topics = [Tag.objects.get_or_create(name=name)[0] for name in EXTRA_TOPICS]
    audiences = list(Audience.objects.order_by("sort_order"))
    releaser = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
    licences, licence_weights = zip(*LICENCE_WEIGHTS.items(), strict=True)

    # Released assets, then 1% withdrawn (released once: OAI-PMH deleted records) and 1%
    # drafts (never public), shuffled so that every kind of row is spread over the years.
    statuses = (
        [AssetStatus.RELEASED] * count
        + [AssetStatus.WITHDRAWN] * (count // 100)
        + [AssetStatus.DRAFT] * (count // 100)
    )
    rng.shuffle(statuses)
    total = len(statuses)
    moments = _moments(total, rng)
    # The timestamps are the upload's and the release's, not "now" (updated_at is the OAI
    # datestamp): Django's auto_now/auto_now_add are off while the rows are written.
    timestamped = [(Asset, "created_at"), (Asset, "updated_at"), (Work, "created_at")]
    timestamped += [(Work, "updated_at"), (Image, "created_at"), (Document, "created_at")]
    timestamped += [(Media, "created_at")]
    for model, name in timestamped:
        field = model._meta.get_field(name)
        field.auto_now = field.auto_now_add = False

    with transaction.atomic():
        for start in range(0, total, BATCH):
            numbers = range(start, min(start + BATCH, total))
            assets, files, asset_topics, asset_audiences = [], [], [], []
            works = []
            for number in numbers:
                moment = moments[number]
                status = statuses[number]
                kind = rng.choices(kinds, kind_weights)[0]
                field_name, extension, mime_type, typical_size = FILES[kind]
                unit = rng.choices(units, unit_weights)[0]
                collection = (
                    rng.choice(topic_collections)
                    if rng.random() < 0.2
                    else unit_collections[unit.pk]
                )
                rare = number % RARE_PHRASE_EVERY == RARE_PHRASE_EVERY // 2
                title = nfc(writer.title(kind, moment))[:255]
                size = int(typical_size * rng.uniform(0.3, 1.7))
                uploaded = moment + timedelta(minutes=rng.randrange(5, 600))
                released = uploaded + timedelta(hours=rng.randrange(1, 24 * 20))
                changed = released
                if status == AssetStatus.WITHDRAWN:
                    changed = released + timedelta(days=rng.randrange(1, 200))
                elif status == AssetStatus.DRAFT:
                    changed = uploaded
                common = {
                    "title": title,
                    "collection": collection,
                    "created_at": uploaded,
                    "file": f"bench/{field_name}s/bench-{number}.{extension}",
                }
                if field_name == "image":
                    width, height = rng.choice([(4000, 3000), (1920, 1080), (1080, 1350)])
                    file_object = Image(
                        **common,
                        width=width,
                        height=height,
                        file_size=size,
                        file_hash=f"{rng.getrandbits(160):040x}",
                    )
                elif field_name == "document":
                    file_object = Document(
                        **common, file_size=size, file_hash=f"{rng.getrandbits(160):040x}"
                    )
                else:
                    video = kind == "video"
                    file_object = Media(
                        **common,
                        type="video" if video else "audio",
                        duration=rng.randrange(30, 1800),
                        width=1920 if video else None,
                        height=1080 if video else None,
                    )
                files.append((field_name, file_object))
                is_text = field_name == "document"
                creator = unit.name if is_text or rng.random() < 0.3 else nfc(writer.person())
                asset = Asset(
                    identifier=uuid.UUID(int=rng.getrandbits(128), version=4),
                    kind=kind,
                    title=title,
                    description=nfc(writer.description(moment, rare=rare)),
                    language="vi",
                    creator=creator,
                    source_unit=unit,
                    created_on=timezone.localdate(moment),
                    licence=rng.choices(licences, licence_weights)[0],
                    attribution=(
                        nfc(f"{CREDIT_PREFIXES[kind]}: {unit.name}") if rng.random() < 0.5 else ""
                    ),
                    collection=collection,
                    status=status,
                    released_at=released if status != AssetStatus.DRAFT else None,
                    released_by=releaser if status != AssetStatus.DRAFT else None,
                    mime_type=mime_type,
                    file_size=size,
                    sha256=f"{rng.getrandbits(256):064x}",
                    perceptual_hash=f"{rng.getrandbits(64):016x}" if field_name == "image" else "",
                    width=getattr(file_object, "width", None),
                    height=getattr(file_object, "height", None),
                    duration_seconds=getattr(file_object, "duration", None),
                    page_count=rng.randint(2, 120) if is_text else None,
                    extracted_text=nfc(writer.document_text(moment, rare=rare)) if is_text else "",
                    processed_at=uploaded + timedelta(minutes=2),
                    created_at=uploaded,
                    updated_at=changed,
                )
                assets.append(asset)
                chosen = rng.sample(topics, rng.randint(1, 2))
                if rng.random() < 0.3:
                    chosen.append(rng.choice(extra_topics))
                asset_topics.append(chosen)
                asset_audiences.append(rng.sample(audiences, rng.randint(0, 2)))
                # Two in a hundred publications are a handbook's Vietnamese and English versions.
                if kind == "publication" and rng.random() < 0.04:
                    works.append(asset)

            for field_name, model in file_models.items():
                made = model.objects.bulk_create(
                    [file_object for name, file_object in files if name == field_name]
                )
                _index(backend, model, [file_object.pk for file_object in made])
            for asset, (field_name, file_object) in zip(assets, files, strict=True):
                setattr(asset, field_name, file_object)
            work_rows = Work.objects.bulk_create(
                Work(
                    title=asset.title,
                    created_at=asset.created_at,
                    updated_at=asset.created_at,
                )
                for asset in works
            )
            english = []
            for work, asset in zip(work_rows, works, strict=True):
                asset.work = work
                document = Document.objects.create(
                    title=f"{asset.title} (English)",
                    collection=asset.collection,
                    created_at=asset.created_at,
                    file=f"bench/documents/bench-{asset.identifier}-en.pdf",
                    file_size=asset.file_size,
                    file_hash=f"{rng.getrandbits(160):040x}",
                )
                _index(backend, Document, [document.pk])
                english.append(
                    Asset(
                        **{
                            field.attname: getattr(asset, field.attname)
                            for field in Asset._meta.concrete_fields
                            if field.attname not in ("id", "document_id")
                        }
                        | {
                            "identifier": uuid.UUID(int=rng.getrandbits(128), version=4),
                            "title": f"{asset.title} (English)",
                            "language": "en",
                            "sha256": f"{rng.getrandbits(256):064x}",
                            "document": document,
                        }
                    )
                )
            assets = Asset.objects.bulk_create(assets)
            english = Asset.objects.bulk_create(english)
            AssetTopic.objects.bulk_create(
                AssetTopic(content_object=asset, tag=tag)
                for asset, tags in zip(assets, asset_topics, strict=True)
                for tag in tags
            )
            through = Asset.audiences.through
            through.objects.bulk_create(
                through(asset_id=asset.pk, audience_id=audience.pk)
                for asset, chosen in zip(assets, asset_audiences, strict=True)
                for audience in chosen
            )
            # Indexed after the topics, as the topics' m2m_changed reindexing leaves them.
            _index(backend, Asset, [asset.pk for asset in assets + english])
            print(
                f"  {start + len(assets):,} assets ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )

        sets = CollectionSets.load()
        span = int(timedelta(days=365 * YEARS).total_seconds())
        first = moments[0]
        AssetDeletion.objects.bulk_create(
            AssetDeletion(
                identifier=uuid.UUID(int=rng.getrandbits(128), version=4),
                deleted_at=first + timedelta(seconds=rng.randrange(span)),
                set_specs=sets.specs_for(unit_collections[units[n % len(units)].pk].pk),
            )
            for n in range(count // 100)
        )
    return (
        f"{Asset.objects.count():,} assets ({count:,} released) generated in "
        f"{time.monotonic() - started:.0f} s."
    )


# Each indexed row's entry: what the generator wrote, to compare with `update_index`'s.
INDEX_DUMP = """
import hashlib
from wagtail.search.models import IndexEntry
digest = hashlib.sha256()
for row in IndexEntry.objects.order_by("content_type_id", "object_id").values_list(
    "content_type_id", "object_id", "title", "autocomplete", "body"
).iterator():
    digest.update(repr(row).encode())
print(IndexEntry.objects.count(), digest.hexdigest())
"""


# --- the database ------------------------------------------------------------------------------


def server_env(folder: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
        "LANTOA_VAR_DIR": str(folder),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@functools.cache
def migration_state() -> str:
    VAR.mkdir(parents=True, exist_ok=True)
    return manage(server_env(VAR), "shell", "-v0", "-c", MIGRATION_STATE, capture=True).strip()


def prepare(count: int = ASSETS) -> Path:
    """var/bench/library-<size>/ holding `count` released assets, made once and kept; made
    again when GENERATOR_VERSION or the migrations change. Migrated and with static files
    collected on every call; no page cache left from an earlier run."""
    folder = VAR / f"library-{size_label(count)}"
    key = {"generator": GENERATOR_VERSION, "assets": count, "migrations": migration_state()}
    env = server_env(folder)
    if not stamp_matches(folder, key):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(
            f"Generating {count:,} repository assets (kept in {folder.relative_to(ROOT)} for "
            "later runs)…",
            flush=True,
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_agency")
        manage(env, "load_portal")
        manage(env, "load_library")
        # As `make setup` leaves it: the pages and collections in the search index.
        manage(env, "update_index", "-v0")
        subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "generate", str(count)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with sqlite3.connect(folder / "lantoa.sqlite3") as db:
            db.execute("ANALYZE")
        (folder / "dataset.json").write_text(json.dumps(key))
    shutil.rmtree(folder / "cache", ignore_errors=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return folder


@contextmanager
def serving(folder: Path, **extra):
    """The production server on `folder`'s database (gunicorn, one worker); yields the port.
    `extra` are environment variables (LANTOA_BASE_URL is the server's own address)."""
    port = free_port()
    env = server_env(folder, LANTOA_BASE_URL=f"http://127.0.0.1:{port}", **extra)
    server = subprocess.Popen(
        [GUNICORN, "lantoa.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def released_count(folder: Path) -> int:
    with sqlite3.connect(folder / "lantoa.sqlite3") as db:
        query = "SELECT count(*) FROM library_asset WHERE status = 'released'"
        return db.execute(query).fetchone()[0]


def check(count: int) -> int:
    """Generate `count` assets in a scratch folder and compare the search index with what
    `update_index` writes for the same rows: the benchmark must search what the app would."""
    folder = VAR / "library-check"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = server_env(folder)
    manage(env, "migrate", "--noinput", "-v0")
    for command in ("load_agency", "load_portal", "load_library"):
        manage(env, command)
    manage(env, "update_index", "-v0")
    script = str(Path(__file__).resolve())
    subprocess.run([PYTHON, script, "generate", str(count)], cwd=ROOT, env=env, check=True)
    generated = manage(env, "shell", "-v0", "-c", INDEX_DUMP, capture=True).strip()
    manage(env, "update_index", "-v0")
    rebuilt = manage(env, "shell", "-v0", "-c", INDEX_DUMP, capture=True).strip()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"generated index: {generated}\nupdate_index:    {rebuilt}")
    if generated != rebuilt:
        print("The generated search index differs from update_index's.")
        return 1
    print("The generated search index is the one update_index writes.")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["generate"]:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        print(assets_generate(int(sys.argv[2])))
        return 0
    if sys.argv[1:2] == ["check"]:
        return check(int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
    print(f"Ready: {prepare().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

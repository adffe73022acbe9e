"""Bulk import into the repository: many files at once, from a ZIP archive (the admin screen
"Nhập hàng loạt" or `manage.py import_library --zip`) or a folder on the server (the command's
`--folder`), each described by one row of a manifest (XLSX or CSV; see COLUMNS).

Three steps, as in the directory's import (lantoa/directory/imports.py, whose spreadsheet
reading is shared through lantoa/core/spreadsheets.py):

1. The package is opened and checked as a whole from the ZIP's central directory, before any
   byte is extracted (`package_open_zip`): too many entries, too many bytes in all, an entry
   whose path is absolute or climbs out with "..", a symbolic link, a password, or an entry
   that expands absurdly (a ZIP bomb) refuse the whole package with a Vietnamese reason
   (`PackageRefused`). A folder (`package_open_folder`) is read in place; a row may not name
   a link or a path outside it.
2. `bulk_import_check` reads every row of the manifest against the package and the database
   and writes nothing: each problem is a `RowError` (line, column, reason). Unit staff may name
   only their own unit; the file must be in the package; type, language, date, licence,
   audiences and plan tasks must be known.
3. `bulk_import_run` checks the rows again against the database of that moment, then takes the
   file of each valid row in through `asset_ingest` (content checks, size limits, duplicates,
   derivatives), each row in its own transaction: a refused row leaves nothing (no row, no
   stored file, no extracted file) and the other rows still import. The result is a per-row
   report (`BulkImportReport`), downloadable as XLSX.

Extraction never trusts the sizes the archive declares: each entry is streamed into a private
temporary folder under settings.LIBRARY_UPLOAD_DIR with a byte cap (its declared size), one
entry at a time, and the folder is removed when the run ends, whatever happens (the upload
clean-up job also removes any "ingest-" folder a crash left behind).
"""

import contextlib
import io
import logging
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.spreadsheets import (
    MAX_FILE_BYTES,
    HeaderMap,
    ImportColumn,
    ImportFileRejected,
    RowError,
    SourceTable,
    clean_text,
    fold_cell,
    headers_map,
    stray_cell_errors,
    table_read,
    workbook_bytes,
    yes_no,
    yes_no_label,
)
from lantoa.core.text import fold, nfc
from lantoa.directory.models import Unit, unit_code_key
from lantoa.library.ingest import IngestRefused, asset_ingest, upload_size_check
from lantoa.library.licences import Licence
from lantoa.library.models import (
    Asset,
    AssetKind,
    Audience,
    UploadSession,
    Work,
    upload_dir,
)
from lantoa.library.selectors import (
    collections_for_user,
    licence_short_name,
    units_for_assets,
    user_sees_all_assets,
)
from lantoa.plans.models import NodeKind, PlanNode

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "library.add_asset"
# A package: at most this many entries and this many bytes once extracted; an entry of at
# least RATIO_FROM_BYTES may expand at most MAX_RATIO times (photos, video and office files
# barely compress; a ZIP bomb expands thousands of times).
MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 20 * 1024**3
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_ROWS = MAX_ENTRIES
EXTRACT_PIECE = 1024 * 1024
# Free disk space kept beyond an entry being extracted.
DISK_RESERVE_BYTES = 256 * 1024 * 1024
# The manifest inside a package, when it is not given on its own: at the package's top level.
MANIFEST_NAMES = ("manifest.xlsx", "manifest.csv", "danh-muc.xlsx", "danh-muc.csv")
# What archivers add for themselves, never listed or imported.
_ARCHIVER_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_ZIP_UTF8_FLAG = 0x800
_ZIP_ENCRYPTED_FLAG = 0x1
LIST_SEPARATOR = re.compile(r"[;\n]")


# --- the manifest's columns -----------------------------------------------------------------

COLUMNS = (
    ImportColumn(
        "file",
        "Tên tệp",
        gettext_lazy("File"),
        ("tệp", "tệp tin", "đường dẫn", "file", "file name", "filename", "path"),
        required=True,
    ),
    ImportColumn("title", "Tiêu đề", gettext_lazy("Title"), ("title", "tên tài nguyên")),
    ImportColumn("description", "Mô tả", gettext_lazy("Description"), ("description", "tóm tắt")),
    ImportColumn("kind", "Loại", gettext_lazy("Type"), ("type", "kind", "loại tài nguyên")),
    ImportColumn("language", "Ngôn ngữ", gettext_lazy("Language"), ("language", "lang")),
    ImportColumn(
        "creator",
        "Tác giả",
        gettext_lazy("Creator"),
        ("creator", "author", "người thực hiện", "nhiếp ảnh"),
    ),
    ImportColumn(
        "unit",
        "Mã đơn vị",
        gettext_lazy("Source unit"),
        ("đơn vị", "đơn vị nguồn", "unit", "unit code", "source unit"),
    ),
    ImportColumn(
        "created_on",
        "Ngày",
        gettext_lazy("Date"),
        ("date", "ngày tạo", "ngày chụp", "ngày ban hành", "created on"),
    ),
    ImportColumn(
        "licence",
        "Giấy phép",
        gettext_lazy("Licence"),
        ("licence", "license", "giấy phép sử dụng"),
    ),
    ImportColumn(
        "attribution",
        "Ghi nguồn",
        gettext_lazy("Attribution"),
        ("attribution", "credit", "trích dẫn nguồn", "nguồn"),
    ),
    ImportColumn(
        "topics", "Chủ đề", gettext_lazy("Topics"), ("topics", "topic", "tags", "từ khóa")
    ),
    ImportColumn(
        "audiences",
        "Đối tượng",
        gettext_lazy("Audiences"),
        ("audiences", "audience", "nhóm đối tượng"),
    ),
    ImportColumn(
        "plan_tasks",
        "Nhiệm vụ kế hoạch",
        gettext_lazy("Plan tasks"),
        ("plan tasks", "tasks", "nhiệm vụ"),
    ),
    ImportColumn(
        "work",
        "Ấn phẩm",
        gettext_lazy("Work"),
        ("work", "tác phẩm", "ấn phẩm nhiều ngôn ngữ"),
    ),
    ImportColumn(
        "depicts_people",
        "Có người nhận diện được",
        gettext_lazy("Identifiable people appear"),
        ("depicts people", "people", "có người", "có người trong ảnh"),
    ),
)

# The template's example rows, by column.
TEMPLATE_EXAMPLES = [
    {
        "file": "anh/hoi-thao-chuyen-doi-so.jpg",
        "title": "Hội thảo chuyển đổi số tỉnh Quảng Ngãi",
        "description": "Toàn cảnh hội thảo tại Hội trường Sở.",
        "kind": "Ảnh",
        "language": "vi",
        "creator": "Trần Thị Bích",
        "unit": "TTCĐS",
        "created_on": "18/05/2025",
        "licence": "CC BY 4.0",
        "attribution": "Ảnh: Sở KH&CN Quảng Ngãi",
        "topics": "Chuyển đổi số; Nghị quyết 57",
        "audiences": "Người dân; Cán bộ, công chức",
        "plan_tasks": "III.2.b",
        "depicts_people": "có",
    },
    {
        "file": "so-tay/so-tay-chuyen-doi-so.pdf",
        "title": "Sổ tay chuyển đổi số cho người dân",
        "kind": "Ấn phẩm",
        "language": "vi",
        "unit": "TTCĐS",
        "created_on": "01/06/2025",
        "licence": "CC BY-SA 4.0",
        "topics": "Chuyển đổi số",
        "audiences": "nguoi-dan",
        "work": "Sổ tay chuyển đổi số",
        "depicts_people": "không",
    },
    {
        "file": "so-tay/digital-transformation-handbook.pdf",
        "title": "Digital transformation handbook for citizens",
        "kind": "Ấn phẩm",
        "language": "en",
        "unit": "TTCĐS",
        "created_on": "01/06/2025",
        "licence": "CC BY-SA 4.0",
        "topics": "Chuyển đổi số",
        "audiences": "nguoi-dan",
        "work": "Sổ tay chuyển đổi số",
        "depicts_people": "không",
    },
]

_KIND_WORDS = {
    "anh": AssetKind.IMAGE,
    "hinh anh": AssetKind.IMAGE,
    "photo": AssetKind.IMAGE,
    "do hoa": AssetKind.INFOGRAPHIC,
    "do hoa thong tin": AssetKind.INFOGRAPHIC,
    "am thanh": AssetKind.AUDIO,
    "tai lieu": AssetKind.DOCUMENT,
    "van ban": AssetKind.DOCUMENT,
    "an pham": AssetKind.PUBLICATION,
    "so tay": AssetKind.PUBLICATION,
    "handbook": AssetKind.PUBLICATION,
}
_LANGUAGE_WORDS = {
    "tieng viet": "vi",
    "vietnamese": "vi",
    "tieng anh": "en",
}
_LICENCE_WORDS = {
    "ccby": Licence.CC_BY_4,
    "ccbysa": Licence.CC_BY_SA_4,
    "ccbync": Licence.CC_BY_NC_4,
    "cc0": Licence.CC0,
    "publicdomain": Licence.PUBLIC_DOMAIN,
    "allrightsreserved": Licence.ALL_RIGHTS_RESERVED,
    "banquyen": Licence.ALL_RIGHTS_RESERVED,
    "giubanquyen": Licence.ALL_RIGHTS_RESERVED,
}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


# --- refusals ---------------------------------------------------------------------------------


class PackageRefused(Exception):
    """The package is not taken at all (unsafe or unreadable ZIP, missing folder): nothing of
    it is imported. `code` names the reason ("not_zip", "too_many", "too_large", "absolute",
    "parent", "symlink", "special", "encrypted", "bomb", "repeated", "folder")."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class EntryUnreadable(Exception):
    """One entry could not be extracted safely (damaged, or larger than declared)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _refuse_entry_name(name: str, message: str, code: str):
    raise PackageRefused(message % {"name": name}, code)


# --- packages ---------------------------------------------------------------------------------


def package_path(value: str) -> str:
    """A path as the manifest or an archive writes it, made comparable: NFC, "/" separators,
    no "./" and no repeated or trailing "/"."""
    parts = nfc(value).strip().replace("\\", "/").split("/")
    kept = [part for part in parts if part not in ("", ".")]
    prefix = "/" if value.strip().startswith(("/", "\\")) else ""
    return prefix + "/".join(kept)


def _unsafe(path: str) -> str:
    """What makes a normalised path unsafe ("absolute", "parent", "control"), or ""."""
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "absolute"
    if any(part == ".." for part in path.split("/")):
        return "parent"
    if any(ord(char) < 32 for char in path):
        return "control"  # never a file name in the folder or archive of a manifest's row
    return ""


def _is_archiver_file(path: str) -> bool:
    parts = path.split("/")
    return parts[0] == "__MACOSX" or parts[-1].lower() in _ARCHIVER_FILES


@dataclass(frozen=True)
class PackageEntry:
    """A file of the package: its path inside it, its size (declared by a ZIP archive)."""

    name: str
    size: int
    info: zipfile.ZipInfo | None = field(default=None, compare=False, repr=False)
    path: Path | None = None

    @property
    def filename(self) -> str:
        return PurePosixPath(self.name).name


class ZipPackage:
    """A ZIP archive whose central directory passed the checks (see `package_open_zip`)."""

    def __init__(self, path: Path, *, name: str):
        self.path = Path(path)
        self.name = name
        try:
            self._archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise PackageRefused(
                _("The package is not a ZIP archive, or the archive is damaged."), "not_zip"
            ) from error
        try:
            self.entries = _zip_entries_checked(self._archive)
        except BaseException:
            self._archive.close()
            raise
        self._folded = {}
        for name_ in self.entries:
            self._folded.setdefault(name_.casefold(), []).append(name_)
        self._extracted_bytes = 0

    def close(self) -> None:
        self._archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def entry(self, name: str) -> PackageEntry | None:
        found = self.entries.get(name)
        if found is None:
            # Windows users write names without minding case; take a single match.
            candidates = self._folded.get(name.casefold(), [])
            if len(candidates) == 1:
                found = self.entries[candidates[0]]
        return found

    def names(self) -> list[str]:
        return list(self.entries)

    def read_bytes(self, entry: PackageEntry, *, limit: int) -> bytes:
        """At most `limit` + 1 bytes of the entry (more means "too large" to the caller)."""
        output = io.BytesIO()
        self._copy(entry, output, cap=min(entry.size, limit + 1), stop_at_cap=True)
        return output.getvalue()

    @contextlib.contextmanager
    def local_file(self, entry: PackageEntry, workdir: Path) -> Iterator[tuple[Path, bool]]:
        """The entry extracted into `workdir` (streamed, never more than its declared size):
        (path, movable); the file is deleted when the block ends, if it is still there."""
        if shutil.disk_usage(workdir).free < entry.size + DISK_RESERVE_BYTES:
            raise EntryUnreadable(
                _("The server does not have enough free disk space for this file now.")
            )
        descriptor, name = tempfile.mkstemp(dir=workdir, prefix="entry-")
        target = Path(name)
        try:
            with open(descriptor, "wb") as output:
                self._copy(entry, output, cap=entry.size, stop_at_cap=False)
            yield target, True
        finally:
            target.unlink(missing_ok=True)

    def _copy(self, entry: PackageEntry, output, *, cap: int, stop_at_cap: bool) -> None:
        written = 0
        try:
            with self._archive.open(entry.info) as source:
                while piece := source.read(EXTRACT_PIECE):
                    written += len(piece)
                    self._extracted_bytes += len(piece)
                    if written > cap or self._extracted_bytes > MAX_TOTAL_BYTES:
                        if stop_at_cap and written > cap:
                            output.write(piece[: len(piece) - (written - cap)])
                            return
                        raise EntryUnreadable(
                            _(
                                "This file of the archive expands beyond the size the archive "
                                "declares (a possible ZIP bomb): it was not imported."
                            )
                        )
                    output.write(piece)
        except EntryUnreadable:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
            logger.info("bulk import: entry %s unreadable: %r", entry.name, error)
            raise EntryUnreadable(
                _("This file of the archive is damaged and cannot be extracted.")
            ) from error
        if not stop_at_cap and written != entry.size:
            raise EntryUnreadable(_("This file of the archive is damaged and cannot be extracted."))


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it. Archivers that do not flag UTF-8 names
    (Windows' own, older tools) are read by Python as CP437; most such names are UTF-8 anyway."""
    name = info.filename
    if not info.flag_bits & _ZIP_UTF8_FLAG:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def _zip_entries_checked(archive: zipfile.ZipFile) -> dict[str, PackageEntry]:
    """The archive's files by path, after checking every entry of its central directory."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageRefused(
            _(
                "The archive holds %(count)s entries; at most %(max)s are accepted. Split it "
                "into smaller archives."
            )
            % {
                "count": formats.number_format(len(infos), force_grouping=True),
                "max": formats.number_format(MAX_ENTRIES, force_grouping=True),
            },
            "too_many",
        )
    entries: dict[str, PackageEntry] = {}
    total = 0
    for info in infos:
        raw_name = _entry_name(info)
        name = package_path(raw_name)
        problem = _unsafe(name)
        if problem == "absolute":
            _refuse_entry_name(
                raw_name,
                _(
                    "The archive holds an entry with an absolute path (“%(name)s”): such "
                    "archives are refused. Put the files in a folder and compress it again."
                ),
                "absolute",
            )
        if problem == "parent":
            _refuse_entry_name(
                raw_name,
                _(
                    "The archive holds an entry whose path leads out of the archive "
                    "(“%(name)s”): such archives are refused."
                ),
                "parent",
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            _refuse_entry_name(
                raw_name,
                _(
                    "The archive holds a symbolic link (“%(name)s”): archives with links are "
                    "refused. Compress the files themselves."
                ),
                "symlink",
            )
        if info.is_dir() or stat.S_ISDIR(mode) or not name:
            continue
        if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            _refuse_entry_name(
                raw_name,
                _("The archive holds “%(name)s”, which is not an ordinary file: refused."),
                "special",
            )
        if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
            _refuse_entry_name(
                raw_name,
                _(
                    "The archive is protected by a password (“%(name)s”). Compress the files "
                    "again without a password."
                ),
                "encrypted",
            )
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise PackageRefused(
                _(
                    "“%(name)s” in the archive would expand from %(packed)s to %(size)s: the "
                    "archive is refused as a possible ZIP bomb."
                )
                % {
                    "name": raw_name,
                    "packed": filesizeformat(info.compress_size),
                    "size": filesizeformat(info.file_size),
                },
                "bomb",
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageRefused(
                _(
                    "The files in the archive add up to more than %(limit)s: split it into "
                    "smaller archives."
                )
                % {"limit": filesizeformat(MAX_TOTAL_BYTES)},
                "too_large",
            )
        if name in entries:
            _refuse_entry_name(
                raw_name,
                _("The archive holds “%(name)s” twice: refused, as it is unclear which to take."),
                "repeated",
            )
        if not _is_archiver_file(name):
            entries[name] = PackageEntry(name=name, size=info.file_size, info=info)
    return entries


class FolderPackage:
    """A folder on the server (for an administrator's command): files are read in place."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = self.path.name
        if not self.path.is_dir():
            raise PackageRefused(
                _("%(path)s: there is no such folder.") % {"path": self.path}, "folder"
            )
        self._root = self.path.resolve()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def entry(self, name: str) -> PackageEntry | None:
        candidate = self.path / name
        if candidate.is_symlink() or not candidate.resolve().is_relative_to(self._root):
            raise ValidationError(
                _("“%(name)s” is a link or leads outside the folder: it is not imported.")
                % {"name": name}
            )
        if not candidate.is_file():
            return None
        return PackageEntry(name=name, size=candidate.stat().st_size, path=candidate)

    def names(self) -> list[str]:
        return []  # a server folder may hold anything: only what the manifest names counts

    def read_bytes(self, entry: PackageEntry, *, limit: int) -> bytes:
        with open(entry.path, "rb") as file:
            return file.read(limit + 1)

    @contextlib.contextmanager
    def local_file(self, entry: PackageEntry, workdir: Path) -> Iterator[tuple[Path, bool]]:
        yield entry.path, False  # copied into storage, never moved out of the folder


def package_open_zip(path: Path, *, name: str = "") -> ZipPackage:
    """The ZIP archive at `path` (called `name` by its owner), checked from its central
    directory; raises PackageRefused. Close it (or use it as a context manager)."""
    return ZipPackage(Path(path), name=name or Path(path).name)


def package_open_folder(path: Path) -> FolderPackage:
    return FolderPackage(Path(path))


def _manifest_entry(package) -> PackageEntry | None:
    for name in MANIFEST_NAMES:
        try:
            entry = package.entry(name)
        except ValidationError:  # a link in a folder: not a manifest to read
            continue
        if entry is not None:
            return entry
    return None


def manifest_read(*, package, manifest_file=None) -> SourceTable:
    """The manifest's table: the file given, else manifest.xlsx/.csv (or danh-muc.xlsx/.csv)
    at the top of the package. Raises ImportFileRejected when there is none or it cannot be
    read as a table."""
    if manifest_file is None:
        entry = _manifest_entry(package)
        if entry is None:
            raise ImportFileRejected(
                _(
                    "The manifest is missing: add the XLSX or CSV file listing the files, or "
                    "put it at the top of the archive as manifest.xlsx or manifest.csv."
                )
            )
        try:
            data = package.read_bytes(entry, limit=MAX_FILE_BYTES)
        except EntryUnreadable as problem:
            raise ImportFileRejected(problem.message) from problem
        manifest_file = ContentFile(data, name=entry.filename)
    return table_read(uploaded_file=manifest_file, columns=COLUMNS, max_rows=MAX_ROWS)


# --- checking the rows ------------------------------------------------------------------------


@dataclass
class ManifestRow:
    line: int
    values: dict[str, str]  # column field → value as shown in the preview
    errors: list[RowError] = field(default_factory=list)
    cleaned: dict[str, object] = field(default_factory=dict, repr=False)
    entry: PackageEntry | None = field(default=None, repr=False)

    @property
    def is_ready(self) -> bool:
        return not self.errors


@dataclass
class BulkImportPreview:
    package_name: str
    table: SourceTable
    rows: list[ManifestRow]
    errors: list[RowError]  # about the manifest as a whole
    ignored_headers: list[str]
    unlisted_files: list[str]

    @property
    def manifest_name(self) -> str:
        return self.table.file_name

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.rows if row.is_ready)

    @property
    def error_count(self) -> int:
        return len(self.rows) - self.ready_count

    @property
    def row_errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def can_import(self) -> bool:
        return not self.errors and self.ready_count > 0


def _licence_key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(value))


@dataclass
class _Context:
    """What the checks look up, read once per manifest."""

    user: object
    unit: Unit  # the import's unit: rows without one go there
    units: dict[str, Unit]  # code key → every unit
    allowed_unit_ids: set[int]
    sees_all: bool
    audiences: dict[str, Audience]  # folded code and name → audience
    audience_names: list[str]
    tasks: dict[str, list]  # path, and "plan code:path" → tasks of the plans in force
    kinds: dict[str, str]
    languages: dict[str, str]
    language_names: dict[str, str]
    licences: dict[str, str]


def _context(*, user, unit: Unit) -> _Context:
    audiences: dict[str, Audience] = {}
    for audience in Audience.objects.all():
        audiences[fold(audience.code)] = audience
        audiences[fold(audience.name)] = audience
    tasks: dict[str, list] = {}
    nodes = PlanNode.objects.filter(
        kind=NodeKind.TASK, is_withdrawn=False, plan__is_active=True
    ).select_related("plan")
    for node in nodes.order_by("plan__code", "path"):
        tasks.setdefault(node.path.casefold(), []).append(node)
        tasks.setdefault(f"{node.plan.code}:{node.path}".casefold(), []).append(node)
    kinds = {fold(kind.value): kind.value for kind in AssetKind} | {
        word: str(kind) for word, kind in _KIND_WORDS.items()
    }
    licences = {_licence_key(word): str(code) for word, code in _LICENCE_WORDS.items()}
    for licence in Licence:
        licences[_licence_key(licence.value)] = licence.value
        licences[_licence_key(licence_short_name(licence.value))] = licence.value
    for language in ("en", "vi"):
        with translation.override(language):
            for kind in AssetKind:
                kinds[fold(str(kind.label))] = kind.value
            for licence in Licence:
                licences[_licence_key(str(licence.label))] = licence.value
    language_names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    languages = {fold(code): code for code in language_names} | {
        fold(name): code for code, name in language_names.items()
    }
    languages |= {word: code for word, code in _LANGUAGE_WORDS.items() if code in language_names}
    return _Context(
        user=user,
        unit=unit,
        units={unit_code_key(unit.code): unit for unit in Unit.objects.all()},
        allowed_unit_ids=set(units_for_assets(user=user).values_list("pk", flat=True)),
        sees_all=user_sees_all_assets(user),
        audiences=audiences,
        audience_names=list(
            Audience.objects.order_by("sort_order", "name").values_list("name", flat=True)
        ),
        tasks=tasks,
        kinds=kinds,
        languages=languages,
        language_names=language_names,
        licences=licences,
    )


def _too_long(value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            _("Too long: at most %(max)s characters (this one has %(length)s).")
            % {"max": limit, "length": len(value)}
        )


def _parse_date(value: str) -> date:
    text = value.strip()
    # A date cell of a workbook arrives as "2025-05-18T00:00:00".
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ]00:00(:00)?", text)
    if iso:
        text = iso[1]
    for pattern in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
        if day.year < 1900:
            break
        if day > timezone.localdate():
            raise ValidationError(_("The date is in the future."))
        return day
    raise ValidationError(
        _("“%(value)s” is not a date: write it as dd/mm/yyyy (e.g. 18/05/2025) or yyyy-mm-dd.")
        % {"value": value}
    )


def _list_items(value: str) -> list[str]:
    return [item for item in (clean_text(part) for part in LIST_SEPARATOR.split(value)) if item]


def _clean_cell(column: ImportColumn, raw: str, context: _Context, package):
    """(value for asset_ingest, text for the preview); raises ValidationError."""
    name = column.field
    value = clean_text(raw)
    if name == "file":
        path = package_path(raw)
        if _unsafe(path):
            raise ValidationError(
                _("The path must stay inside the package: no “..” and no leading “/”.")
            )
        entry = package.entry(path)
        if entry is None:
            raise ValidationError(_("There is no file “%(name)s” in the package.") % {"name": path})
        try:
            upload_size_check(filename=entry.filename, size=entry.size)
        except IngestRefused as refusal:
            raise ValidationError(refusal.messages) from refusal
        return entry, entry.name
    if name in ("title", "creator", "attribution", "work"):
        _too_long(value, 255)
        return value, value
    if name == "description":
        text = "\n".join(line.strip() for line in nfc(raw).strip().splitlines())
        return text, value
    if name == "kind":
        kind = context.kinds.get(fold_cell(value))
        if kind is None:
            raise ValidationError(
                _("Unknown type “%(value)s”. Use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(str(kind.label) for kind in AssetKind)}
            )
        return kind, str(AssetKind(kind).label)
    if name == "language":
        code = context.languages.get(fold_cell(value))
        if code is None:
            raise ValidationError(
                _("Unknown language “%(value)s”. Use one of: %(choices)s.")
                % {
                    "value": value,
                    "choices": ", ".join(
                        f"{code} ({name})" for code, name in context.language_names.items()
                    ),
                }
            )
        return code, context.language_names[code]
    if name == "unit":
        unit = context.units.get(unit_code_key(value))
        if unit is None:
            raise ValidationError(_("There is no unit with the code “%(code)s”.") % {"code": value})
        _check_unit_allowed(unit, context)
        return unit, unit.code
    if name == "created_on":
        day = _parse_date(value)
        return day, day.strftime("%d/%m/%Y")
    if name == "licence":
        code = context.licences.get(_licence_key(value))
        if code is None:
            raise ValidationError(
                _("Unknown licence “%(value)s”. Use one of: %(choices)s.")
                % {
                    "value": value,
                    "choices": ", ".join(licence_short_name(code) for code in Licence.values),
                }
            )
        return code, licence_short_name(code)
    if name == "topics":
        topics: dict[str, str] = {}
        for topic in _list_items(raw):
            if len(topic) > 100:
                raise ValidationError(
                    _("A topic is too long (at most 100 characters): “%(value)s”.")
                    % {"value": topic}
                )
            topics.setdefault(topic.casefold(), topic)
        return list(topics.values()), "; ".join(topics.values())
    if name == "audiences":
        found: dict[int, Audience] = {}
        for item in _list_items(raw):
            audience = context.audiences.get(fold(item))
            if audience is None:
                raise ValidationError(
                    _("Unknown audience “%(value)s”. Use one of: %(choices)s.")
                    % {"value": item, "choices": "; ".join(context.audience_names)}
                )
            found[audience.pk] = audience
        audiences = list(found.values())
        return audiences, "; ".join(audience.name for audience in audiences)
    if name == "plan_tasks":
        found_tasks: dict[int, object] = {}
        for item in _list_items(raw.replace(",", ";")):
            key = re.sub(r"\s*:\s*", ":", item).casefold()
            nodes = context.tasks.get(key, [])
            if not nodes:
                raise ValidationError(
                    _("There is no task “%(path)s” in the plans in force.") % {"path": item}
                )
            if len(nodes) > 1:
                raise ValidationError(
                    _(
                        "Task “%(path)s” is in several plans (%(plans)s): write the plan's code "
                        "before it, e.g. “%(example)s”."
                    )
                    % {
                        "path": item,
                        "plans": ", ".join(node.plan.code for node in nodes),
                        "example": f"{nodes[0].plan.code}:{nodes[0].path}",
                    }
                )
            found_tasks[nodes[0].pk] = nodes[0]
        tasks = list(found_tasks.values())
        return tasks, "; ".join(task.path for task in tasks)
    if name == "depicts_people":
        answer = yes_no(value)
        if answer is None:
            raise ValidationError(
                _("“%(value)s” is not a yes/no answer: write “có” or “không” (or x, 1/0).")
                % {"value": value}
            )
        return answer, yes_no_label(answer)
    raise AssertionError(f"unknown column {name}")


def _check_unit_allowed(unit: Unit, context: _Context) -> None:
    if unit.pk in context.allowed_unit_ids:
        return
    if context.sees_all:
        raise ValidationError(_("The unit “%(code)s” is no longer active.") % {"code": unit.code})
    raise ValidationError(
        _("You may import only into your own unit (%(unit)s), not into “%(code)s”.")
        % {"unit": context.unit.code, "code": unit.code}
    )


def _check_row(
    line: int, cells: list[str], headers: HeaderMap, context: _Context, package
) -> ManifestRow:
    row = ManifestRow(line=line, values={})
    row.errors.extend(stray_cell_errors(line, cells, headers))
    for column in COLUMNS:
        raw = headers.cell(cells, column.field)
        if raw is None:
            continue
        header = headers.names[column.field]
        if not raw.strip():
            if column.required:
                row.errors.append(RowError(line, header, _("This cell must not be empty.")))
            row.values[column.field] = ""
            continue
        try:
            row.cleaned[column.field], row.values[column.field] = _clean_cell(
                column, raw, context, package
            )
        except ValidationError as error:
            row.errors.extend(RowError(line, header, message) for message in error.messages)
            row.values[column.field] = clean_text(raw)
    row.cleaned.setdefault("unit", context.unit)
    if not row.values.get("unit"):
        row.values["unit"] = context.unit.code
    row.entry = row.cleaned.pop("file", None)
    return row


def _check_across_rows(preview: BulkImportPreview, headers: HeaderMap) -> None:
    files: dict[str, int] = {}
    versions: dict[tuple[str, str], int] = {}
    for row in preview.rows:
        if row.entry is not None:
            earlier = files.setdefault(row.entry.name, row.line)
            if earlier != row.line:
                row.errors.append(
                    RowError(
                        row.line,
                        headers.names["file"],
                        _("The file “%(name)s” is already on line %(line)s.")
                        % {"name": row.entry.name, "line": earlier},
                    )
                )
        work = row.cleaned.get("work")
        if work:
            key = (str(work).casefold(), str(row.cleaned.get("language") or "vi"))
            earlier = versions.setdefault(key, row.line)
            if earlier != row.line:
                row.errors.append(
                    RowError(
                        row.line,
                        headers.names["work"],
                        _("Line %(line)s already gives the version of this work in this language.")
                        % {"line": earlier},
                    )
                )


def user_may_bulk_import(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(IMPORT_PERMISSION))


def _check_may_import(*, user, unit: Unit, collection=None) -> None:
    if not user_may_bulk_import(user):
        raise PermissionDenied(_("You may not import into the repository."))
    if not units_for_assets(user=user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may import only into your own unit."))
    if collection is not None and not (
        collections_for_user(user=user).filter(pk=collection.pk).exists()
    ):
        raise PermissionDenied(_("You may not file assets in this collection."))


def bulk_import_check(*, user, unit: Unit, table: SourceTable, package) -> BulkImportPreview:
    """Check every row of the manifest against the package and the database; writes nothing.
    Raises PermissionDenied if the user may not import into `unit`."""
    _check_may_import(user=user, unit=unit)
    headers = headers_map(columns=COLUMNS, table=table)
    preview = BulkImportPreview(
        package_name=package.name,
        table=table,
        rows=[],
        errors=list(headers.errors),
        ignored_headers=headers.ignored,
        unlisted_files=[],
    )
    if any(error.line == table.header_line for error in headers.errors):
        return preview  # without the file column no row means anything
    if not table.rows:
        preview.errors.append(RowError(None, "", _("The file has a header row but no data rows.")))
        return preview
    context = _context(user=user, unit=unit)
    preview.rows = [
        _check_row(line, cells, headers, context, package) for line, cells in table.rows
    ]
    _check_across_rows(preview, headers)
    listed = {row.entry.name for row in preview.rows if row.entry is not None}
    manifest = _manifest_entry(package)
    preview.unlisted_files = [
        name
        for name in package.names()
        if name not in listed and (manifest is None or name != manifest.name)
    ]
    return preview


# --- importing ----------------------------------------------------------------------------------


class RowOutcome(models.TextChoices):
    IMPORTED = "imported", gettext_lazy("Imported")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass
class ReportRow:
    line: int
    file: str
    title: str
    outcome: str
    reason: str = ""
    asset_id: int | None = None

    @property
    def outcome_label(self) -> str:
        return str(RowOutcome(self.outcome).label)

    @property
    def is_imported(self) -> bool:
        return self.outcome == RowOutcome.IMPORTED

    @property
    def admin_url(self) -> str:
        return asset_admin_url(self.asset_id) if self.asset_id else ""


@dataclass
class BulkImportReport:
    package_name: str
    manifest_name: str
    unit_code: str
    rows: list[ReportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the manifest as a whole

    @property
    def imported_count(self) -> int:
        return sum(1 for row in self.rows if row.is_imported)

    @property
    def refused_count(self) -> int:
        return len(self.rows) - self.imported_count

    def to_json(self) -> dict:
        return {
            "package_name": self.package_name,
            "manifest_name": self.manifest_name,
            "unit_code": self.unit_code,
            "rows": [row.__dict__ for row in self.rows],
            "errors": self.errors,
        }

    @classmethod
    def from_json(cls, data: dict) -> "BulkImportReport":
        return cls(
            package_name=str(data["package_name"]),
            manifest_name=str(data["manifest_name"]),
            unit_code=str(data["unit_code"]),
            rows=[ReportRow(**row) for row in data["rows"]],
            errors=[str(error) for error in data["errors"]],
        )


def asset_admin_url(asset_id: int) -> str:
    try:
        return reverse("library_assets:edit", args=[asset_id])
    except NoReverseMatch:
        return ""


def _reason(errors: list[RowError]) -> str:
    return " ".join(
        f"{error.column}: {error.message}" if error.column else error.message for error in errors
    )


def _ingest_fields(row: ManifestRow) -> dict:
    fields = dict(row.cleaned)
    fields.pop("work", None)
    fields.pop("unit", None)
    fields.pop("kind", None)
    return fields


def _work_for(title: str, works: dict[str, int]) -> Work:
    key = title.casefold()
    if key in works:
        return Work.objects.get(pk=works[key])
    existing = Work.objects.filter(title__iexact=title).order_by("pk").first()
    return existing or Work.objects.create(title=title)


def _row_import(*, row, package, workdir, user, collection, works) -> ReportRow:
    entry = row.entry
    title = str(row.cleaned.get("title") or "")
    report_row = ReportRow(line=row.line, file=entry.name, title=title, outcome=RowOutcome.REFUSED)
    asset: Asset | None = None
    try:
        with package.local_file(entry, workdir) as (path, movable):
            with transaction.atomic():
                work_title = row.cleaned.get("work")
                work = _work_for(str(work_title), works) if work_title else None
                asset = asset_ingest(
                    path=path,
                    filename=entry.filename,
                    uploaded_by=user,
                    source_unit=row.cleaned["unit"],
                    collection=collection,
                    kind=row.cleaned.get("kind"),
                    move_file=movable,
                    work=work,
                    **_ingest_fields(row),
                )
    except IngestRefused as refusal:
        report_row.reason = " ".join(refusal.messages)
        return report_row
    except EntryUnreadable as problem:
        report_row.reason = problem.message
        return report_row
    except Exception:
        # The row's transaction is rolled back; a file stored before the failure goes too.
        if asset is not None and asset.file_object is not None:
            asset.file_object.file.delete(save=False)
        logger.exception("bulk import: line %s (%s) failed", row.line, entry.name)
        report_row.reason = _(
            "An unexpected error stopped this row; nothing of it was kept. Tell the system "
            "administrator."
        )
        return report_row
    if work is not None:
        works[work.title.casefold()] = work.pk
    report_row.outcome = RowOutcome.IMPORTED
    report_row.title = asset.title
    report_row.asset_id = asset.pk
    return report_row


def bulk_import_run(
    *, user, unit: Unit, table: SourceTable, package, collection=None
) -> BulkImportReport:
    """Import every valid row of the manifest (checked again now), each in its own
    transaction; return the per-row report. Rows with errors are reported refused."""
    _check_may_import(user=user, unit=unit, collection=collection)
    preview = bulk_import_check(user=user, unit=unit, table=table, package=package)
    report = BulkImportReport(
        package_name=package.name,
        manifest_name=table.file_name,
        unit_code=unit.code,
        errors=[str(error) for error in preview.errors],
    )
    if preview.errors:
        return report
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # "ingest-": the upload clean-up job removes such a folder if a crash leaves it behind.
    workdir = Path(tempfile.mkdtemp(dir=folder, prefix="ingest-bulk-"))
    works: dict[str, int] = {}
    try:
        for row in preview.rows:
            if row.errors:
                report.rows.append(
                    ReportRow(
                        line=row.line,
                        file=row.values.get("file", ""),
                        title=row.values.get("title", ""),
                        outcome=RowOutcome.REFUSED,
                        reason=_reason(row.errors),
                    )
                )
                continue
            report.rows.append(
                _row_import(
                    row=row,
                    package=package,
                    workdir=workdir,
                    user=user,
                    collection=collection,
                    works=works,
                )
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    logger.info(
        "bulk import of %s by %s: %s imported, %s refused",
        package.name,
        user,
        report.imported_count,
        report.refused_count,
    )
    return report


# --- packages uploaded through the admin --------------------------------------------------------


def package_store(*, user, uploaded_file) -> UploadSession:
    """Keep a ZIP sent in one piece (the admin form without JavaScript) the way a resumable
    upload keeps its file, so that both ways lead to the same place and the clean-up job
    removes a package left behind."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = nfc(Path(str(uploaded_file.name).replace("\\", "/")).name)[:255] or "goi.zip"
    session = UploadSession.objects.create(
        user=user,
        filename=name,
        declared_size=uploaded_file.size,
        received_bytes=uploaded_file.size,
    )
    try:
        with open(session.temp_path, "wb") as output:
            for chunk in uploaded_file.chunks():
                output.write(chunk)
    except BaseException:
        package_discard(session=session)
        raise
    return session


def package_discard(*, session: UploadSession) -> None:
    """Delete an uploaded package and its session."""
    from lantoa.library.uploads import upload_session_cancel

    upload_session_cancel(session=session)


# --- files to fill in and to keep -----------------------------------------------------------------


def bulk_import_template() -> bytes:
    """An XLSX manifest with the headers and example rows, to fill in."""
    return workbook_bytes(
        title="Danh mục",
        header=[column.header for column in COLUMNS],
        rows=[
            [example.get(column.field, "") for column in COLUMNS] for example in TEMPLATE_EXAMPLES
        ],
    )


def bulk_import_report_xlsx(report: BulkImportReport, *, base_url: str = "") -> bytes:
    """The report as a workbook: one line per row of the manifest, with the asset's address."""
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    rows = [
        [
            row.line,
            row.file,
            row.title,
            row.outcome_label,
            row.reason,
            f"{base}{row.admin_url}" if row.admin_url else "",
        ]
        for row in report.rows
    ]
    rows.extend([["", "", "", _("Refused"), error, ""] for error in report.errors])
    return workbook_bytes(
        title=_("Import report"),
        header=[_("Line"), _("File"), _("Title"), _("Result"), _("Reason"), _("Address")],
        rows=rows,
    )

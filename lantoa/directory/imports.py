"""Import of units and staff members from a spreadsheet (XLSX or CSV).

Two steps, on purpose. `directory_import_parse` reads the file and checks every row without
writing anything, so the admin screen and `import_directory --dry-run` can show every problem at
once (line, column, reason). `directory_import_commit` checks the same rows again against the
database of that moment and writes them in one transaction: a rejected import saves nothing.

The column headers are part of the file format, not of the interface: the Vietnamese headers of
the downloadable template are accepted in any language, as are their English names, compared
without case or diacritics.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from lantoa.core.spreadsheets import (
    HeaderMap,
    ImportColumn,
    ImportFileRejected,  # noqa: F401 (raised by the parse; callers catch it from here)
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
from lantoa.core.text import nfc
from lantoa.directory.models import Organisation, Person, Unit, UnitKind, unit_code_key
from lantoa.directory.selectors import home_organisation

IMPORT_PERMISSION = "directory.import_directory"
MAX_ROWS = 5_000


class ImportKind(models.TextChoices):
    UNITS = "units", gettext_lazy("Units")
    PEOPLE = "people", gettext_lazy("Staff members")


class RowAction(models.TextChoices):
    CREATE = "create", gettext_lazy("Create")
    UPDATE = "update", gettext_lazy("Update")


UNIT_COLUMNS = (
    ImportColumn(
        "code",
        "Mã đơn vị",
        gettext_lazy("Unit code"),
        ("code", "unit code", "short name"),
        required=True,
    ),
    ImportColumn(
        "name",
        "Tên đơn vị",
        gettext_lazy("Unit name"),
        ("name", "unit name", "full name"),
        required=True,
    ),
    ImportColumn(
        "name_en",
        "Tên tiếng Anh",
        gettext_lazy("Name in English"),
        ("name en", "english name", "name in english"),
    ),
    ImportColumn(
        "kind",
        "Loại",
        gettext_lazy("Kind"),
        ("kind", "type", "loại đơn vị"),
        type="unit_kind",
        required=True,
    ),
    ImportColumn(
        "has_communication_duty",
        "Có nhiệm vụ truyền thông",
        gettext_lazy("Has a communication duty"),
        ("has communication duty", "has a communication duty", "communication duty"),
        type="bool",
    ),
    ImportColumn("email", "Email", gettext_lazy("Email"), ("e-mail", "thư điện tử"), "email"),
    ImportColumn(
        "phone",
        "Điện thoại",
        gettext_lazy("Phone"),
        ("phone", "telephone", "số điện thoại"),
    ),
    ImportColumn(
        "sort_order", "Thứ tự", gettext_lazy("Sort order"), ("sort order", "order"), "int"
    ),
    ImportColumn(
        "is_active",
        "Đang hoạt động",
        gettext_lazy("Active"),
        ("active", "is active"),
        type="bool",
    ),
)

PERSON_COLUMNS = (
    ImportColumn(
        "full_name",
        "Họ và tên",
        gettext_lazy("Full name"),
        ("full name", "name", "họ tên"),
        required=True,
    ),
    ImportColumn(
        "unit",
        "Mã đơn vị",
        gettext_lazy("Unit code"),
        ("unit", "unit code", "đơn vị"),
        type="unit_code",
        required=True,
    ),
    ImportColumn("position", "Chức vụ", gettext_lazy("Position"), ("position", "job title")),
    ImportColumn("email", "Email", gettext_lazy("Email"), ("e-mail", "thư điện tử"), "email"),
    ImportColumn(
        "phone",
        "Điện thoại",
        gettext_lazy("Phone"),
        ("phone", "telephone", "số điện thoại"),
    ),
    ImportColumn("is_leader", "Lãnh đạo", gettext_lazy("Leader"), ("leader", "is leader"), "bool"),
    ImportColumn(
        "is_communication_staff",
        "Cán bộ truyền thông",
        gettext_lazy("Communication staff"),
        ("communication staff", "is communication staff"),
        type="bool",
    ),
    ImportColumn(
        "is_active",
        "Đang công tác",
        gettext_lazy("Currently working"),
        ("currently working", "active", "is active"),
        type="bool",
    ),
)

COLUMNS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.PEOPLE: PERSON_COLUMNS}

# The Vietnamese names of the unit kinds, as people write them in a spreadsheet.
UNIT_KIND_WORDS = {
    "lanh dao": UnitKind.LEADERSHIP,
    "ban lanh dao": UnitKind.LEADERSHIP,
    "ban giam doc": UnitKind.LEADERSHIP,
    "phong": UnitKind.DIVISION,
    "trung tam": UnitKind.CENTRE,
    "van phong": UnitKind.OFFICE,
    "chi cuc": UnitKind.SUB_DEPARTMENT,
    "thanh tra": UnitKind.INSPECTORATE,
    "khac": UnitKind.OTHER,
}
# The kind names a user is told about when they write an unknown one.
UNIT_KIND_WORDS_DISPLAY = (
    "lãnh đạo",
    "phòng",
    "trung tâm",
    "văn phòng",
    "chi cục",
    "thanh tra",
    "khác",
)

TEMPLATE_EXAMPLES = {
    ImportKind.UNITS: [
        "QLKH",
        "Phòng Quản lý khoa học",
        "Science Management Division",
        "Phòng",
        "có",
        "qlkh@example.gov.vn",
        "0255 3822 123",
        10,
        "có",
    ],
    ImportKind.PEOPLE: [
        "Nguyễn Thị Thu Hà",
        "QLKH",
        "Trưởng phòng",
        "ha.ntt@example.gov.vn",
        "0912 345 678",
        "có",
        "có",
        "có",
    ],
}


# --- Results -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    action: str  # RowAction value
    values: dict[str, str]  # column field → value as shown in the preview
    errors: list[RowError] = field(default_factory=list)
    cleaned: dict[str, object] = field(default_factory=dict, repr=False)
    target: models.Model | None = field(default=None, repr=False)

    @property
    def action_label(self) -> str:
        return RowAction(self.action).label


@dataclass
class ImportPreview:
    kind: str
    table: SourceTable
    rows: list[ImportRow]
    errors: list[RowError]  # about the file or its header row, not one data row
    ignored_headers: list[str]
    organisation: Organisation | None = field(default=None, repr=False)

    @property
    def columns(self) -> tuple[ImportColumn, ...]:
        return COLUMNS[self.kind]

    @property
    def file_name(self) -> str:
        return self.table.file_name

    @property
    def all_errors(self) -> list[RowError]:
        row_errors = [error for row in self.rows for error in row.errors]
        return self.errors + row_errors

    @property
    def is_valid(self) -> bool:
        return not self.all_errors

    @property
    def create_count(self) -> int:
        return sum(1 for row in self.rows if row.action == RowAction.CREATE)

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.action == RowAction.UPDATE)

    def to_json(self) -> dict:
        return {"kind": self.kind, "table": self.table.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> "ImportPreview":
        """Rebuild a preview kept in the session, checking its rows against today's database."""
        return directory_import_check(kind=data["kind"], table=SourceTable.from_json(data["table"]))


@dataclass
class ImportResult:
    kind: str
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


class ImportRejected(Exception):
    """The rows did not pass the checks at commit time; nothing was saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


# --- Text helpers --------------------------------------------------------------------------


def _code_key(code: str) -> str:
    return unit_code_key(code)


def _name_key(name: str) -> str:
    return " ".join(nfc(name).casefold().split())


def _read_table(*, kind: str, uploaded_file) -> SourceTable:
    return table_read(uploaded_file=uploaded_file, columns=COLUMNS[kind], max_rows=MAX_ROWS)


# --- Checking ------------------------------------------------------------------------------


def _map_headers(kind: str, table: SourceTable) -> HeaderMap:
    return headers_map(columns=COLUMNS[kind], table=table)


def _unit_kind_words() -> dict[str, str]:
    words = dict(UNIT_KIND_WORDS)
    for kind in UnitKind:
        words[fold_cell(kind.value)] = kind.value
        for language in ("en", "vi"):
            with translation.override(language):
                words[fold_cell(str(kind.label))] = kind.value
    return words


@dataclass
class _Context:
    """What the checks look up in the database, read once per file."""

    organisation: Organisation | None
    units: dict[str, Unit]  # code key → unit of the home agency
    people_by_email: dict[str, list[Person]] = field(default_factory=dict)
    people_by_name: dict[tuple[int, str], list[Person]] = field(default_factory=dict)
    kind_words: dict[str, str] = field(default_factory=dict)


def _context(kind: str) -> _Context:
    organisation = home_organisation()
    units = {}
    if organisation is not None:
        units = {
            _code_key(unit.code): unit for unit in Unit.objects.filter(organisation=organisation)
        }
    context = _Context(organisation=organisation, units=units, kind_words=_unit_kind_words())
    if kind == ImportKind.PEOPLE and organisation is not None:
        people = Person.objects.filter(unit__organisation=organisation).select_related("unit")
        for person in people.order_by("pk"):
            if person.email:
                context.people_by_email.setdefault(person.email.casefold(), []).append(person)
            key = (person.unit_id, _name_key(person.full_name))
            context.people_by_name.setdefault(key, []).append(person)
    return context


def _max_length(kind: str, column: ImportColumn) -> int | None:
    if column.type == "unit_code":
        return Unit._meta.get_field("code").max_length
    model = Unit if kind == ImportKind.UNITS else Person
    return model._meta.get_field(column.field).max_length


def _clean_cell(kind: str, column: ImportColumn, raw: str, context: _Context):
    """The value of one cell as the model wants it, and its text for the preview.

    Raises ValidationError with the message the user sees.
    """
    value = clean_text(raw)
    max_length = _max_length(kind, column)
    if max_length and len(value) > max_length and column.type not in ("bool", "int"):
        raise ValidationError(
            _("Too long: at most %(max)s characters (this one has %(length)s).")
            % {"max": max_length, "length": len(value)}
        )
    if column.type == "bool":
        answer = yes_no(value)
        if answer is not None:
            return answer, yes_no_label(answer)
        raise ValidationError(
            _("“%(value)s” is not a yes/no answer: write “có” or “không” (or x, 1/0).")
            % {"value": value}
        )
    if column.type == "int":
        if not re.fullmatch(r"\d+", value):
            raise ValidationError(
                _("“%(value)s” is not a whole number of 0 or more.") % {"value": value}
            )
        return int(value), value
    if column.type == "email":
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValidationError(
                _("“%(value)s” is not a valid email address.") % {"value": value}
            ) from error
        return value, value
    if column.type == "unit_kind":
        kind_value = context.kind_words.get(fold_cell(value))
        if kind_value is None:
            raise ValidationError(
                _("Unknown unit kind “%(value)s”. Use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(UNIT_KIND_WORDS_DISPLAY)}
            )
        return kind_value, str(UnitKind(kind_value).label)
    if column.type == "unit_code":
        unit = context.units.get(_code_key(value))
        if unit is None:
            raise ValidationError(
                _(
                    "There is no unit with the code “%(code)s”. "
                    "Import the units first or correct the code."
                )
                % {"code": value}
            )
        return unit, unit.code
    return value, value


def _model_errors(error: ValidationError, headers: HeaderMap, line: int) -> list[RowError]:
    errors = []
    for field_name, messages in error.message_dict.items():
        column = "" if field_name == NON_FIELD_ERRORS else headers.names.get(field_name, field_name)
        errors.extend(RowError(line, column, message) for message in messages)
    return errors


def _check_row(
    kind: str, line: int, cells: list[str], headers: HeaderMap, context: _Context
) -> ImportRow:
    row = ImportRow(line=line, action=RowAction.CREATE, values={})
    row.errors.extend(stray_cell_errors(line, cells, headers))
    for column in COLUMNS[kind]:
        position = headers.index.get(column.field)
        if position is None:
            continue
        header = headers.names[column.field]
        raw = cells[position] if position < len(cells) else ""
        if not raw.strip():
            if column.required:
                row.errors.append(RowError(line, header, _("This cell must not be empty.")))
            row.values[column.field] = ""
            continue
        try:
            row.cleaned[column.field], row.values[column.field] = _clean_cell(
                kind, column, raw, context
            )
        except ValidationError as error:
            row.errors.extend(RowError(line, header, message) for message in error.messages)
            row.values[column.field] = clean_text(raw)
    return row


def _instance_for(kind: str, row: ImportRow, context: _Context) -> models.Model:
    """The record the row will write: the matched one with the row's values, or a new one."""
    if row.target is not None:
        instance = row.target
    elif kind == ImportKind.UNITS:
        instance = Unit(organisation=context.organisation)
    else:
        instance = Person()
    for name, value in row.cleaned.items():
        setattr(instance, name, value)
    return instance


def directory_import_check(*, kind: str, table: SourceTable) -> ImportPreview:
    """Check every row of a table read from a file; writes nothing."""
    kind = ImportKind(kind)
    headers = _map_headers(kind, table)
    context = _context(kind)
    preview = ImportPreview(
        kind=kind,
        table=table,
        rows=[],
        errors=list(headers.errors),
        ignored_headers=headers.ignored,
        organisation=context.organisation,
    )
    if context.organisation is None:
        preview.errors.insert(
            0,
            RowError(
                None,
                "",
                _("No home agency is set up yet; load the agency before importing its directory."),
            ),
        )
    if any(error.line == table.header_line for error in headers.errors):
        # Without its required columns no row can be checked meaningfully.
        return preview
    if not table.rows:
        preview.errors.append(RowError(None, "", _("The file has a header row but no data rows.")))
        return preview

    seen_codes: dict[str, int] = {}
    seen_targets: dict[int, int] = {}
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[int, str], tuple[int, str]] = {}
    for line, cells in table.rows:
        row = _check_row(kind, line, cells, headers, context)
        preview.rows.append(row)
        if kind == ImportKind.UNITS:
            _match_unit(row, headers, context, seen_codes)
        else:
            _match_person(row, headers, context, seen_targets, seen_emails, seen_names)
        if row.errors or context.organisation is None:
            continue
        instance = _instance_for(kind, row, context)
        # Foreign keys and constraints are checked again at commit; here they would cost one
        # query per row.
        exclude = ["organisation"] if kind == ImportKind.UNITS else ["unit", "user"]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            row.errors.extend(_model_errors(error, headers, line))
    return preview


def _match_unit(row: ImportRow, headers: HeaderMap, context: _Context, seen: dict) -> None:
    code = row.cleaned.get("code")
    if not code:
        return
    key = _code_key(code)
    if key in seen:
        row.errors.append(
            RowError(
                row.line,
                headers.names["code"],
                _("The unit code “%(code)s” is repeated: it is already on line %(line)s.")
                % {"code": code, "line": seen[key]},
            )
        )
    else:
        seen[key] = row.line
    existing = context.units.get(key)
    if existing is not None:
        row.action = RowAction.UPDATE
        row.target = existing
        # Keep the code as it is stored, so that a change of case does not rename the unit.
        row.cleaned["code"] = existing.code


def _match_person(
    row: ImportRow,
    headers: HeaderMap,
    context: _Context,
    seen_targets: dict,
    seen_emails: dict,
    seen_names: dict,
) -> None:
    unit, name, email = (
        row.cleaned.get("unit"),
        row.cleaned.get("full_name"),
        row.cleaned.get("email"),
    )
    if unit is None or not name:
        return
    name_key = (unit.pk, _name_key(name))
    by_email = context.people_by_email.get(email.casefold(), []) if email else []
    by_name = context.people_by_name.get(name_key, [])
    email_column = headers.names.get("email", "")
    name_column = headers.names["full_name"]

    target = None
    if len(by_email) > 1:
        row.errors.append(
            RowError(
                row.line,
                email_column,
                _("Several staff members already have this email; correct them first."),
            )
        )
    elif by_email:
        target = by_email[0]
        if len(by_name) == 1 and by_name[0] != target:
            row.errors.append(
                RowError(
                    row.line,
                    email_column,
                    _(
                        "This email belongs to %(other)s, while %(name)s of unit %(unit)s is "
                        "another staff member; correct the email or the name."
                    )
                    % {"other": target.full_name, "name": name, "unit": unit.code},
                )
            )
    elif len(by_name) > 1:
        row.errors.append(
            RowError(
                row.line,
                name_column,
                _(
                    "Several staff members of unit %(unit)s are called %(name)s; "
                    "add their email to say which one this is."
                )
                % {"unit": unit.code, "name": name},
            )
        )
    elif by_name:
        target = by_name[0]

    if email:
        email_key = email.casefold()
        if email_key in seen_emails:
            row.errors.append(
                RowError(
                    row.line,
                    email_column,
                    _("The email “%(email)s” is repeated: it is already on line %(line)s.")
                    % {"email": email, "line": seen_emails[email_key]},
                )
            )
        else:
            seen_emails[email_key] = row.line
    earlier = seen_names.get(name_key)
    if earlier and (not email or not earlier[1]):
        row.errors.append(
            RowError(
                row.line,
                name_column,
                _(
                    "%(name)s of unit %(unit)s is already on line %(line)s; if they are two "
                    "people, give each an email."
                )
                % {"name": name, "unit": unit.code, "line": earlier[0]},
            )
        )
    else:
        seen_names.setdefault(name_key, (row.line, email or ""))

    if target is not None:
        if target.pk in seen_targets:
            row.errors.append(
                RowError(
                    row.line,
                    name_column,
                    _("This row updates the same staff member as line %(line)s.")
                    % {"line": seen_targets[target.pk]},
                )
            )
        seen_targets[target.pk] = row.line
        row.action = RowAction.UPDATE
        row.target = target


# --- Services ------------------------------------------------------------------------------


def user_can_import(user) -> bool:
    """Whether the user may import units and staff (the admin screens and menu ask this)."""
    return bool(user.is_authenticated and user.has_perm(IMPORT_PERMISSION))


def directory_import_parse(*, kind: str, uploaded_file) -> ImportPreview:
    """Read an uploaded XLSX or CSV file and check every row; writes nothing.

    Raises ImportFileRejected when the file cannot be read at all.
    """
    kind = ImportKind(kind)
    table = _read_table(kind=kind, uploaded_file=uploaded_file)
    return directory_import_check(kind=kind, table=table)


def directory_import_commit(*, actor, preview: ImportPreview) -> ImportResult:
    """Write the rows of a preview, all or nothing.

    The rows are checked again inside the transaction, against the database as it is now; any
    problem raises ImportRejected and nothing is saved. `actor` is the user who imports (None
    for the command line) and must hold the import permission.
    """
    if actor is not None and not user_can_import(actor):
        raise PermissionDenied(_("You are not allowed to import units and staff."))
    with transaction.atomic():
        checked = directory_import_check(kind=preview.kind, table=preview.table)
        if not checked.is_valid:
            raise ImportRejected(checked.all_errors)
        headers = _map_headers(checked.kind, checked.table)
        context = _Context(organisation=checked.organisation, units={})
        created = updated = 0
        errors: list[RowError] = []
        for row in checked.rows:
            instance = _instance_for(checked.kind, row, context)
            try:
                instance.full_clean()
            except ValidationError as error:
                errors.extend(_model_errors(error, headers, row.line))
                continue
            if errors:
                # Nothing will be kept; only finish checking the remaining rows.
                continue
            try:
                # A savepoint keeps the transaction usable on PostgreSQL after an error.
                with transaction.atomic():
                    instance.save()
            except IntegrityError:
                errors.append(
                    RowError(
                        row.line,
                        "",
                        _(
                            "The database refused this row (someone may have changed the same "
                            "records meanwhile). Check the file and import it again."
                        ),
                    )
                )
                continue
            is_new = row.action == RowAction.CREATE
            log(
                instance=instance, action="wagtail.create" if is_new else "wagtail.edit", user=actor
            )
            created += is_new
            updated += not is_new
        if errors:
            raise ImportRejected(errors)
    return ImportResult(kind=checked.kind, created=created, updated=updated)


def directory_import_template(*, kind: str) -> bytes:
    """An XLSX file with the header row and one example row, to fill in and import."""
    kind = ImportKind(kind)
    return workbook_bytes(
        title="Đơn vị" if kind == ImportKind.UNITS else "Cán bộ",
        header=[column.header for column in COLUMNS[kind]],
        rows=[TEMPLATE_EXAMPLES[kind]],
    )

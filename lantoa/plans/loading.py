"""Load a plan from its YAML data file (see data/agencies/quang-ngai/plan-2725.yaml).

Everything is validated before anything is written; any problem stops the load with the file,
the line and the reason, and the database is left unchanged. Loading the same file again
changes nothing; loading a changed file revises the plan in place (nodes matched by their
reference, e.g. "III.2.b") and records a PlanRevision, so progress and history survive.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.core.text import nfc
from lantoa.directory.models import Organisation, Unit
from lantoa.plans.models import (
    CommemorativeDay,
    FundingSource,
    NodeKind,
    Plan,
    PlanNode,
    PlanRevision,
    ReportingDeadline,
    ReportKind,
    Target,
    TargetKind,
    TimeframeKind,
)

LINE = "__line__"
ALL_UNITS = "all"
ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ARABIC = re.compile(r"^\d+(\.\d+)*$")
LETTER = re.compile(r"^[a-zđ]$")
MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class PlanDataError(Exception):
    """A problem in a plan data file: `str(error)` is "file:line: reason"."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _construct_date(loader, node):
    # PyYAML raises a bare ValueError for 2025-02-30, without the line: give it one.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            _('"%(value)s" is not a valid date') % {"value": node.value},
            node.start_mark,
        ) from error


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)

# YAML would read 2025-11-11 as a date and "1.1" as a float; keep scalars as written except
# for dates, which the loader parses itself.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _without_lines(value):
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass
class ParsedNode:
    code: str
    path: str
    kind: str
    depth: int
    position: int
    line: int
    parent_path: str | None
    title: str = ""
    text: str = ""
    lead_units: list[str] = field(default_factory=list)
    lead_units_note: str = ""
    coordinating_units: list[str] = field(default_factory=list)
    coordinating_all_units: bool = False
    coordinating_units_note: str = ""
    timeframe_kind: str = ""
    deadline: date | None = None
    yearly_dates: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    plan: Plan
    created: bool
    revised: bool
    revision: PlanRevision | None
    nodes: int
    tasks: int
    targets: int


class _Parser:
    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data
        # The agency's own units, keyed by folded code; filled once the agency is known.
        self.units: dict[str, Unit] = {}
        self.nodes: list[ParsedNode] = []

    def fail(self, line, reason):
        raise PlanDataError(self.path, line, reason)

    def text(self, mapping: dict, key: str, *, required=False, line=None) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.fail(line or mapping.get(LINE), _('"%(key)s" is required') % {"key": key})
            return ""
        if isinstance(value, dict | list):
            self.fail(mapping.get(LINE), _('"%(key)s" must be text') % {"key": key})
        return nfc(str(value).strip())

    def unit_codes(self, value, line) -> tuple[list[str], bool]:
        """Unit codes as listed, or "all"; every code must be a unit of the agency."""
        if value in (None, "", []):
            return [], False
        if value == ALL_UNITS:
            return [], True
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(line, _('units must be a list of unit codes or "all"'))
        codes = []
        for code in value:
            code = nfc(str(code).strip())
            if code.casefold() not in self.units:
                self.fail(line, _('unknown unit "%(code)s"') % {"code": code})
            codes.append(self.units[code.casefold()].code)
        return codes, False

    def month_day(self, value, line) -> str:
        value = str(value).strip()
        match = MONTH_DAY.match(value)
        if not match:
            self.fail(line, _('"%(value)s" is not a day of the year (MM-DD)') % {"value": value})
        try:
            date(2024, int(match.group(1)), int(match.group(2)))
        except ValueError:
            self.fail(line, _('"%(value)s" is not a day of the year (MM-DD)') % {"value": value})
        return value

    def timeframe(self, node: ParsedNode, raw, line):
        if raw is None:
            return
        if not isinstance(raw, dict) or raw.get("kind") not in TimeframeKind.values:
            self.fail(line, _("timeframe.kind must be ongoing, deadline or yearly"))
        node.timeframe_kind = raw["kind"]
        if node.timeframe_kind == TimeframeKind.DEADLINE:
            deadline = raw.get("date")
            if not isinstance(deadline, date):
                self.fail(line, _("a deadline needs a date (YYYY-MM-DD)"))
            node.deadline = deadline
        if node.timeframe_kind == TimeframeKind.YEARLY:
            dates = raw.get("dates") or []
            if not dates:
                self.fail(line, _("a yearly time frame needs its dates (MM-DD)"))
            node.yearly_dates = [self.month_day(value, line) for value in dates]

    def check_code(self, code: str, depth: int, line: int, parent_code: str | None):
        if code == "-":
            return
        if depth == 0:
            if not ROMAN.match(code):
                self.fail(
                    line,
                    _('a top-level section is numbered I, II, III…, not "%(code)s"')
                    % {"code": code},
                )
            return
        if ARABIC.match(code):
            # "1.1" must sit under "1".
            if "." in code and parent_code and code.rsplit(".", 1)[0] != parent_code:
                self.fail(
                    line,
                    _('item "%(code)s" is not numbered under its parent "%(parent)s"')
                    % {"code": code, "parent": parent_code},
                )
            return
        if LETTER.match(code):
            return
        self.fail(line, _('"%(code)s" is not plan numbering (I, 1, 1.1, a or -)') % {"code": code})

    def walk(self, items, *, parent: ParsedNode | None, depth: int, inherited: dict):
        if not isinstance(items, list):
            self.fail(parent.line if parent else None, _("children must be a list"))
        bullets = 0
        seen_codes = set()
        for item in items:
            if not isinstance(item, dict):
                self.fail(parent.line if parent else None, _("each item must be a mapping"))
            line = item[LINE]
            raw_code = item.get("code")
            if raw_code is None or str(raw_code).strip() == "":
                self.fail(line, _("an item has no code"))
            code = nfc(str(raw_code).strip())
            self.check_code(code, depth, line, parent.code if parent else None)
            if code == "-":
                bullets += 1
                local = f"-{bullets}"
            else:
                if code in seen_codes:
                    self.fail(line, _('code "%(code)s" appears twice here') % {"code": code})
                seen_codes.add(code)
                # "1.1" under "1" is addressed as ….1.1, not ….1.1.1: keep its own last number.
                local = code.rsplit(".", 1)[-1]
            path = f"{parent.path}.{local}" if parent else local
            is_group = bool(item.get("task_group"))
            is_task = bool(item.get("task"))
            if is_group and is_task:
                self.fail(line, _("an item cannot be both a task group and a task"))
            if is_task and not inherited.get("in_group"):
                self.fail(line, _("task %(path)s is not inside a task group") % {"path": path})
            kind = (
                NodeKind.TASK_GROUP
                if is_group
                else NodeKind.TASK
                if is_task
                else NodeKind.SECTION
                if item.get("children") or item.get("title")
                else NodeKind.PARAGRAPH
            )
            node = ParsedNode(
                code=code,
                path=path,
                kind=kind,
                depth=depth,
                position=len(self.nodes),
                line=line,
                parent_path=parent.path if parent else None,
                title=self.text(item, "title"),
                text=self.text(item, "text"),
            )
            if not node.title and not node.text:
                self.fail(line, _("item %(path)s has neither title nor text") % {"path": path})
            scope = dict(inherited)
            if is_group:
                scope["in_group"] = True
            for key, target in (
                ("lead_units", "lead"),
                ("responsible_units", "lead"),
                ("coordinating_units", "coordinating"),
            ):
                if key in item:
                    codes, is_all = self.unit_codes(item[key], line)
                    scope[target] = (codes, is_all)
            for key in ("lead_units_note", "coordinating_units_note"):
                if key in item:
                    scope[key] = self.text(item, key)
            if "timeframe" in item:
                scope["timeframe"] = (item["timeframe"], line)
            if (
                is_group
                or is_task
                or any(
                    key in item for key in ("lead_units", "responsible_units", "coordinating_units")
                )
            ):
                lead, lead_all = scope.get("lead", ([], False))
                coordinating, coordinating_all = scope.get("coordinating", ([], False))
                node.lead_units = lead
                node.coordinating_units = coordinating
                node.coordinating_all_units = coordinating_all or lead_all
                node.lead_units_note = scope.get("lead_units_note", "")
                node.coordinating_units_note = scope.get("coordinating_units_note", "")
                if "timeframe" in scope:
                    self.timeframe(node, *scope["timeframe"])
            self.nodes.append(node)
            if item.get("children"):
                self.walk(item["children"], parent=node, depth=depth + 1, inherited=scope)

    def parse_targets(self) -> list[dict]:
        paths = {node.path for node in self.nodes}
        targets = []
        seen = set()
        for position, item in enumerate(self.data.get("targets") or []):
            line = item.get(LINE)
            code = self.text(item, "code", required=True)
            if code in seen:
                self.fail(line, _('target "%(code)s" appears twice') % {"code": code})
            seen.add(code)
            kind = self.text(item, "kind", required=True)
            if kind not in TargetKind.values:
                self.fail(
                    line,
                    _('target %(code)s: unknown kind "%(kind)s"') % {"code": code, "kind": kind},
                )
            year = item.get("year")
            if not isinstance(year, int):
                self.fail(line, _("target %(code)s has no year") % {"code": code})
            if "goal" not in item or item["goal"] in (None, ""):
                self.fail(line, _("target %(code)s has no goal") % {"code": code})
            goal = item["goal"]
            if kind in (TargetKind.YES_NO, TargetKind.YEARLY_LIST):
                if goal is not True:
                    self.fail(
                        line, _("target %(code)s: a yes/no goal must be true") % {"code": code}
                    )
                goal_value = Decimal(1)
            else:
                try:
                    goal_value = Decimal(str(goal))
                except InvalidOperation:
                    self.fail(
                        line, _("target %(code)s: the goal must be a number") % {"code": code}
                    )
                if goal_value < 0 or (kind == TargetKind.PERCENT and goal_value > 100):
                    self.fail(line, _("target %(code)s: the goal is out of range") % {"code": code})
            section = self.text(item, "section")
            if section and section not in paths:
                self.fail(
                    line,
                    _('target %(code)s: no section "%(section)s" in the plan')
                    % {"code": code, "section": section},
                )
            targets.append(
                {
                    "code": code,
                    "year": year,
                    "kind": kind,
                    "goal_value": goal_value,
                    "text": self.text(item, "text", required=True),
                    "measure": self.text(item, "measure"),
                    "indicator_key": self.text(item, "indicator"),
                    "section": section,
                    "position": position,
                }
            )
        return targets

    def parse(self) -> dict:
        plan = self.data.get("plan")
        if not isinstance(plan, dict):
            self.fail(1, _('the file needs a "plan" section'))
        line = plan[LINE]
        issued_on = plan.get("issued_on")
        if not isinstance(issued_on, date):
            self.fail(line, _("plan.issued_on must be a date (YYYY-MM-DD)"))
        organisation = Organisation.objects.filter(code=plan.get("organisation")).first()
        if organisation is None:
            self.fail(line, _('unknown agency "%(code)s"') % {"code": plan.get("organisation")})
        # Only the agency's units: another agency may use the same codes (TTCĐS, VP…).
        self.units = {
            unit.code.casefold(): unit for unit in Unit.objects.filter(organisation=organisation)
        }
        period = (plan.get("period_start"), plan.get("period_end"))
        if not all(isinstance(year, int) for year in period) or period[0] > period[1]:
            self.fail(line, _("plan.period_start and period_end must be years, in order"))
        signer = plan.get("signer") or {}
        sections = self.data.get("sections")
        if not sections:
            self.fail(line, _('the file needs "sections"'))
        self.walk(sections, parent=None, depth=0, inherited={})
        funding = self.data.get("funding_sources") or []
        budget_unit = None
        if isinstance(funding, dict):
            budget_code = funding.get("budget_estimate_unit")
            if budget_code:
                budget_unit = self.unit_codes([budget_code], funding.get(LINE))[0][0]
            funding = funding.get("sources") or []
        for source in (plan, self.data):
            if source.get("budget_estimate_unit"):
                budget_unit = self.unit_codes([source["budget_estimate_unit"]], line)[0][0]
        return {
            "plan": {
                "code": self.text(plan, "code", required=True),
                "organisation": organisation,
                "number": self.text(plan, "number", required=True),
                "symbol": self.text(plan, "symbol", required=True),
                "document_type": self.text(plan, "document_type") or "KẾ HOẠCH",
                "superior_body": self.text(plan, "superior_body"),
                "issuer": self.text(plan, "issuer"),
                "place": self.text(plan, "place"),
                "issued_on": issued_on,
                "title": self.text(plan, "title", required=True),
                "basis": [nfc(str(item)).strip() for item in plan.get("basis") or []],
                "preamble": self.text(plan, "preamble"),
                "closing": self.text(plan, "closing") or self.text(self.data, "closing"),
                "period_start": period[0],
                "period_end": period[1],
                "signer_authority": self.text(signer, "authority") if signer else "",
                "signer_title": self.text(signer, "title") if signer else "",
                "signer_name": self.text(signer, "name") if signer else "",
                "recipients": [nfc(str(item)).strip() for item in plan.get("recipients") or []],
                "budget_estimate_unit": budget_unit,
            },
            "nodes": self.nodes,
            "targets": self.parse_targets(),
            "funding_sources": [
                {
                    "code": self.text(item, "code", required=True),
                    "name": self.text(item, "name", required=True),
                    "position": position,
                }
                for position, item in enumerate(funding)
            ],
            "commemorative_days": [
                self.commemorative_day(item) for item in self.data.get("commemorative_days") or []
            ],
            "reporting": [self.reporting(item) for item in self.data.get("reporting") or []],
        }

    def commemorative_day(self, item) -> dict:
        month, day = self.month_day(item.get("date"), item.get(LINE)).split("-")
        return {
            "month": int(month),
            "day": int(day),
            "name": self.text(item, "name", required=True),
            "name_en": self.text(item, "name_en"),
        }

    def reporting(self, item) -> dict:
        line = item.get(LINE)
        kind = self.text(item, "kind", required=True)
        if kind not in ReportKind.values:
            self.fail(line, _('unknown report kind "%(kind)s"') % {"kind": kind})
        month, day = self.month_day(item.get("due"), line).split("-")
        half = item.get("half")
        if half not in (1, 2):
            self.fail(line, _("half must be 1 or 2"))
        unit = self.unit_codes([item["unit"]], line)[0][0] if item.get("unit") else None
        submit_to = (
            self.unit_codes([item["submit_to"]], line)[0][0] if item.get("submit_to") else None
        )
        return {
            "kind": kind,
            "half": half,
            "month": int(month),
            "day": int(day),
            "name": self.text(item, "name", required=True),
            "unit": unit,
            "submit_to": submit_to,
        }


def plan_file_read(path: Path) -> tuple[dict, str]:
    """The file's data (with line numbers) and a hash of its content."""
    path = Path(path)
    if not path.exists():
        raise PlanDataError(path, None, _("file not found"))
    raw = path.read_bytes()
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # The reason without PyYAML's own "in <unicode string>, line …" lines: the line is
        # already in front of it.
        problem = getattr(error, "problem", None)
        reason = ", ".join(filter(None, [getattr(error, "context", None), problem]))
        raise PlanDataError(path, mark.line + 1 if mark else None, reason or str(error)) from error
    except UnicodeDecodeError as error:
        raise PlanDataError(path, None, _("the file is not UTF-8 text")) from error
    if not isinstance(data, dict):
        raise PlanDataError(path, 1, _("the file must be a YAML mapping"))
    return data, hashlib.sha256(raw).hexdigest()


def plan_load(*, path: Path) -> LoadResult:
    """Validate the file, then create or revise the plan in one transaction."""
    path = Path(path)
    data, content_hash = plan_file_read(path)
    parser = _Parser(path, data)
    parsed = parser.parse()
    try:
        with transaction.atomic():
            return _plan_write(
                path=path, parsed=parsed, data=data, content_hash=content_hash, units=parser.units
            )
    except ValidationError as error:
        # What only the model can check (e.g. plan.code not a slug) is still bad input.
        raise PlanDataError(path, data["plan"].get(LINE), "; ".join(error.messages)) from error


def _plan_write(*, path, parsed, data, content_hash, units) -> LoadResult:
    plan_fields = dict(parsed["plan"])
    code = plan_fields.pop("code")
    budget_unit = plan_fields.pop("budget_estimate_unit")
    plan_fields["budget_estimate_unit"] = units[budget_unit.casefold()] if budget_unit else None
    plan = Plan.objects.filter(code=code).first()
    created = plan is None
    latest = None if created else plan.revisions.order_by("-number").first()
    if latest is not None and latest.content_hash == content_hash:
        return LoadResult(
            plan=plan,
            created=False,
            revised=False,
            revision=latest,
            nodes=plan.nodes.current().count(),
            tasks=plan.nodes.current().tasks().count(),
            targets=plan.targets.count(),
        )
    if created:
        plan = Plan(code=code)
    for name, value in plan_fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()

    existing = {node.path: node for node in plan.nodes.all()}
    by_path: dict[str, PlanNode] = {}
    for parsed_node in parsed["nodes"]:
        node = existing.pop(parsed_node.path, None) or PlanNode(plan=plan, path=parsed_node.path)
        node.parent = by_path.get(parsed_node.parent_path)
        for name in (
            "code",
            "kind",
            "depth",
            "position",
            "title",
            "text",
            "lead_units_note",
            "coordinating_all_units",
            "coordinating_units_note",
            "timeframe_kind",
            "deadline",
            "yearly_dates",
        ):
            setattr(node, name, getattr(parsed_node, name))
        node.is_withdrawn = False
        node.save()
        node.lead_units.set([units[code.casefold()] for code in parsed_node.lead_units])
        node.coordinating_units.set(
            [units[code.casefold()] for code in parsed_node.coordinating_units]
        )
        by_path[parsed_node.path] = node
    withdrawn = list(existing)
    # Nodes gone from the file are kept, marked withdrawn, so their progress stays readable.
    plan.nodes.filter(path__in=withdrawn).update(is_withdrawn=True)

    # Targets gone from the file are kept, withdrawn, with their measurements and snapshots.
    plan.targets.exclude(code__in=[t["code"] for t in parsed["targets"]]).update(is_withdrawn=True)
    for target_data in parsed["targets"]:
        target_data = dict(target_data)
        section = target_data.pop("section")
        Target.objects.update_or_create(
            plan=plan,
            code=target_data.pop("code"),
            defaults={**target_data, "node": by_path.get(section), "is_withdrawn": False},
        )

    plan.funding_sources.all().delete()
    FundingSource.objects.bulk_create(
        FundingSource(plan=plan, **item) for item in parsed["funding_sources"]
    )
    plan.commemorative_days.all().delete()
    CommemorativeDay.objects.bulk_create(
        CommemorativeDay(plan=plan, **item) for item in parsed["commemorative_days"]
    )
    plan.reporting_deadlines.all().delete()
    ReportingDeadline.objects.bulk_create(
        ReportingDeadline(
            plan=plan,
            **{
                **item,
                "unit": units[item["unit"].casefold()] if item["unit"] else None,
                "submit_to": units[item["submit_to"].casefold()] if item["submit_to"] else None,
            },
        )
        for item in parsed["reporting"]
    )

    number = (latest.number + 1) if latest else 1
    summary = ""
    if latest is not None:
        summary = (
            _("%(count)s items withdrawn: %(paths)s")
            % {"count": len(withdrawn), "paths": ", ".join(withdrawn)}
            if withdrawn
            else _("Wording or data changed.")
        )
    revision = PlanRevision.objects.create(
        plan=plan,
        number=number,
        content_hash=content_hash,
        data=json.loads(json.dumps(_without_lines(data), default=str)),
        source=str(path.name),
        summary=summary,
    )
    return LoadResult(
        plan=plan,
        created=created,
        revised=not created,
        revision=revision,
        nodes=len(parsed["nodes"]),
        tasks=sum(1 for node in parsed["nodes"] if node.kind == NodeKind.TASK),
        targets=len(parsed["targets"]),
    )

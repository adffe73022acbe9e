"""Plan data for tests: the real Plan 2725 file, small plan files written to a folder, model
factories for targets judged in isolation, and the progress service with test defaults."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import factory
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.directory.tests.factories import OrganisationFactory
from lantoa.plans.models import Plan, Target, TargetKind, TaskProgress
from lantoa.plans.services import EvidenceInput, task_progress_post

AGENCY_FOLDER = Path(settings.BASE_DIR) / "data" / "agencies" / "quang-ngai"
PLAN_2725 = AGENCY_FOLDER / "plan-2725.yaml"
PLAN_2725_CODE = "kh-2725-2025"

# A small plan of the Quảng Ngãi agency: one task group led by BCVT with QLKH coordinating
# (TTCĐS takes no part), and one target. Variants are made by replacing a line of it.
SMALL_PLAN = """\
plan:
  code: kh-thu-2026
  number: "15"
  symbol: KH-SKHCN
  organisation: skhcn-quang-ngai
  issued_on: 2026-01-05
  title: Kế hoạch thử nghiệm về truyền thông số
  period_start: 2026
  period_end: 2027
sections:
  - code: I
    title: NHIỆM VỤ
    children:
      - code: "1"
        title: Truyền thông trên Cổng thông tin điện tử
        task_group: true
        lead_units: [BCVT]
        coordinating_units: [QLKH]
        timeframe: {kind: deadline, date: 2026-06-30}
        children:
          - code: a
            task: true
            text: Đăng tin bài về chuyển đổi số hằng tháng.
          - code: b
            task: true
            text: Cập nhật chuyên mục Nghị quyết số 57-NQ/TW.
targets:
  - code: T1
    year: 2026
    section: I.1
    kind: percent
    goal: 100
    text: 100% phòng, đơn vị có chuyên mục truyền thông.
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of `text` that contains `needle`."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def plan_text_changed(text: str, old: str, new: str) -> str:
    """`text` with `old` (present exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def plan_file_write(folder: Path, text: str = SMALL_PLAN, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def evidence_file(
    name: str = "bien-ban.pdf", content: bytes = b"%PDF-1.4 test"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def progress_post(
    *,
    actor,
    node,
    unit,
    status: str = "in_progress",
    note: str = "Đã đăng 3 tin bài trên Cổng thông tin điện tử.",
    url: str = "https://skhcn.quangngai.gov.vn/tin-tuc/nghi-quyet-57",
    file=None,
) -> TaskProgress:
    """A progress report through the real service, with a link (and a file if given)."""
    evidence = [EvidenceInput(title="Tin bài", url=url)] if url else []
    if file is not None:
        evidence.append(EvidenceInput(file=file))
    return task_progress_post(
        actor=actor, node=node, unit=unit, status=status, note=note, evidence=evidence
    )


class PlanFactory(factory.django.DjangoModelFactory):
    """A bare plan for judging targets on their own; whole plans come from plan files."""

    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"kh-{n}-2025")
    number = factory.Sequence(lambda n: str(100 + n))
    symbol = "KH-SKHCN"
    issued_on = date(2025, 1, 1)
    title = "Kế hoạch thử nghiệm"
    period_start = 2025
    period_end = 2030


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"T{n + 1}")
    year = 2025
    kind = TargetKind.PERCENT
    goal_value = Decimal(100)
    text = "100% cán bộ được phổ biến Nghị quyết số 57-NQ/TW."
    indicator_key = ""

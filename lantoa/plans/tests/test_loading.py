"""Loading plans from their YAML data files: Plan 2725 in full, reloading, revising, and
refusing broken files with the file, the line and the reason while changing nothing."""

import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from lantoa.directory.models import Unit
from lantoa.directory.tests.factories import OrganisationFactory, UnitFactory
from lantoa.plans.loading import PlanDataError, plan_load
from lantoa.plans.models import (
    NodeKind,
    Plan,
    PlanNode,
    PlanRevision,
    ReportKind,
    Target,
    TaskProgress,
    TimeframeKind,
)
from lantoa.plans.selectors import plan_tasks
from lantoa.plans.tests.factories import (
    PLAN_2725,
    PLAN_2725_CODE,
    SMALL_PLAN,
    line_of,
    plan_file_write,
    plan_text_changed,
    progress_post,
)

pytestmark = pytest.mark.django_db

TASKS_BY_GROUP = {
    "III.1": ["a", "b", "c", "d"],
    "III.2": ["a", "b", "c", "d", "e", "f", "g", "h"],
    "III.3": ["a", "b", "c", "d"],
    "III.4": ["a", "b", "c", "d"],
}
LEAD_UNITS_BY_GROUP = {
    "III.1": ["QLKH", "BCVT", "TTCĐS"],
    "III.2": ["TTCĐS"],
    "III.3": [],
    "III.4": ["QLKH", "TTCĐS"],
}
TARGETS = [
    # code, year, kind, goal, the node stating it
    ("T1", 2025, "yes_no", Decimal(1), "II.2.a.-1"),
    ("T2", 2025, "percent", Decimal(100), "II.2.a.-2"),
    ("T3", 2025, "percent", Decimal(100), "II.2.a.-3"),
    ("T4", 2027, "yes_no", Decimal(1), "II.2.b.-1"),
    ("T5", 2027, "yearly_list", Decimal(1), "II.2.b.-2"),
    ("T6", 2030, "percent", Decimal(100), "II.2.c.-1"),
    ("T7", 2030, "percent", Decimal(80), "II.2.c.-2"),
    ("T8", 2030, "percent", Decimal(70), "II.2.c.-3"),
]
# The last task of III.2, cut out of the file to make a revision.
TASK_III_2_H = """\
          - code: h
            task: true
            text: >-
              Đào tạo kỹ năng số cho người dân thông qua Tổ công nghệ số cộng đồng.
"""


def _state(plan: Plan) -> list[tuple]:
    """Everything a load writes about a plan's tree and targets, to compare before and after."""
    nodes = list(
        plan.nodes.order_by("path").values_list(
            "pk", "path", "text", "is_withdrawn", "position", "updated_at"
        )
    )
    targets = list(plan.targets.order_by("code").values_list("code", "goal_value", "text"))
    revisions = list(plan.revisions.values_list("number", "content_hash"))
    return [nodes, targets, revisions]


# Plan 2725 in full ---------------------------------------------------------------------------


def test_plan_2725_loads_with_its_header(agency):
    result = plan_load(path=PLAN_2725)

    plan = result.plan
    assert (result.created, result.revised, result.revision.number) == (True, False, 1)
    assert (result.tasks, result.targets) == (20, 8)
    assert plan.code == PLAN_2725_CODE
    assert plan.number_and_symbol == "2725/KH-SKHCN"
    assert plan.organisation == agency
    assert plan.issued_on == date(2025, 11, 11)
    assert (plan.period_start, plan.period_end) == (2025, 2030)
    assert plan.issuer == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert plan.superior_body == "UBND TỈNH QUẢNG NGÃI"
    assert (plan.signer_authority, plan.signer_title, plan.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Phan Văn Hiếu",
    )
    assert plan.title.startswith("Triển khai thực hiện Chương trình “Đẩy mạnh truyền thông")
    assert plan.basis[0].startswith("Kế hoạch số 58/KH-UBND ngày 10/10/2025")
    assert plan.recipients == [
        "GĐ, các PGĐ Sở;",
        "Các phòng, đơn vị thuộc Sở;",
        "Lưu: VT, KH&ĐMST.",
    ]


def test_plan_2725_has_its_twenty_tasks_in_four_groups(plan):
    tasks = list(plan_tasks(plan=plan))

    assert len(tasks) == 20
    by_group: dict[str, list[str]] = {}
    for task in tasks:
        by_group.setdefault(task.parent.path, []).append(task.code)
    assert by_group == TASKS_BY_GROUP
    assert all(task.path == f"{task.parent.path}.{task.code}" for task in tasks)
    for group_path in TASKS_BY_GROUP:
        group = plan.nodes.get(path=group_path)
        assert group.kind == NodeKind.TASK_GROUP
        assert group.parent.path == "III"


def test_plan_2725_tasks_have_their_lead_units(plan):
    for task in plan_tasks(plan=plan):
        lead = [unit.code for unit in task.lead_units.all()]
        assert lead == LEAD_UNITS_BY_GROUP[task.parent.path], task.path
        assert task.coordinating_all_units, task.path
        assert task.coordinating_units_note == "Các phòng, đơn vị thuộc Sở"
        assert all(unit.organisation_id == plan.organisation_id for unit in task.lead_units.all())


def test_group_iii_3_has_no_lead_unit_but_the_note_as_written(node):
    for path in ("III.3", "III.3.a", "III.3.d"):
        assert list(node(path).lead_units.all()) == []
        assert node(path).lead_units_note == (
            "Các phòng chuyên môn, nghiệp vụ thuộc Sở theo chức năng, nhiệm vụ chủ trì, thực hiện"
        )


def test_task_iii_1_d_recurs_on_three_days_a_year_and_the_others_are_ongoing(plan, node):
    task = node("III.1.d")

    assert task.timeframe_kind == TimeframeKind.YEARLY
    assert task.yearly_dates == ["05-18", "10-01", "10-10"]
    others = plan_tasks(plan=plan).exclude(path="III.1.d")
    assert set(others.values_list("timeframe_kind", flat=True)) == {TimeframeKind.ONGOING}


def test_plan_2725_has_its_eight_targets(plan):
    targets = list(plan.targets.order_by("position").select_related("node"))

    assert [
        (target.code, target.year, target.kind, target.goal_value, target.node.path)
        for target in targets
    ] == TARGETS
    assert targets[6].text.startswith(
        "Ít nhất 80% người dân tiếp cận thông tin định hướng của Đảng và Nhà nước"
    )
    assert targets[1].indicator_key == "directory.staff_informed_share"


def test_plan_2725_text_is_vietnamese_as_written(node, plan):
    assert node("III.2.h").text == (
        "Đào tạo kỹ năng số cho người dân thông qua Tổ công nghệ số cộng đồng."
    )
    assert node("III").title == "KẾ HOẠCH, THỰC HIỆN"
    assert node("III.2.b").text.endswith("phát triển, duy trì cổng “Bình dân học vụ số”.")
    assert node("V.2").title == "Văn phòng Sở"
    # Folded YAML text is one paragraph, not the file's lines.
    assert "\n" not in node("III.1").title
    for text in plan.nodes.values_list("text", flat=True):
        assert text == unicodedata.normalize("NFC", text)


def test_decomposed_vietnamese_in_a_file_is_stored_composed(agency, tmp_path):
    decomposed = unicodedata.normalize("NFD", SMALL_PLAN)
    assert decomposed != SMALL_PLAN

    plan = plan_load(path=plan_file_write(tmp_path, decomposed)).plan

    assert plan.title == "Kế hoạch thử nghiệm về truyền thông số"
    assert plan.nodes.get(path="I.1.a").text == "Đăng tin bài về chuyển đổi số hằng tháng."


def test_plan_2725_has_its_funding_sources_and_budget_unit(plan):
    sources = list(plan.funding_sources.values_list("code", "name"))

    assert [code for code, _name in sources] == [
        "state_budget",
        "integrated_programmes",
        "socialised",
        "other_lawful",
    ]
    assert sources[2][1] == "Huy động nguồn xã hội hóa"
    assert plan.budget_estimate_unit.code == "VP"


def test_plan_2725_has_three_commemorative_days(plan):
    assert list(plan.commemorative_days.values_list("day", "month", "name")) == [
        (18, 5, "Ngày Khoa học và Công nghệ Việt Nam"),
        (1, 10, "Ngày hội Đổi mới sáng tạo quốc gia"),
        (10, 10, "Ngày Chuyển đổi số quốc gia"),
    ]


def test_plan_2725_has_its_reporting_calendar(plan):
    deadlines = plan.reporting_deadlines.select_related("unit", "submit_to")

    assert [
        (
            item.day,
            item.month,
            item.kind,
            item.half,
            getattr(item.unit, "code", None),
            getattr(item.submit_to, "code", None),
        )
        for item in deadlines
    ] == [
        (10, 6, ReportKind.UNIT, 1, None, "QLKH"),
        (20, 6, ReportKind.CONSOLIDATED, 1, "QLKH", None),
        (15, 12, ReportKind.UNIT, 2, None, "QLKH"),
        (20, 12, ReportKind.CONSOLIDATED, 2, "QLKH", None),
    ]


# Loading again and revising ------------------------------------------------------------------


def test_loading_the_same_file_again_changes_nothing(plan, time_machine):
    before = _state(plan)
    time_machine.shift(timedelta(hours=2))

    result = plan_load(path=PLAN_2725)

    assert (result.created, result.revised, result.revision.number) == (False, False, 1)
    assert _state(plan) == before
    assert PlanRevision.objects.count() == 1


def test_a_changed_file_revises_the_plan_and_keeps_history(
    plan, node, tmp_path, staff_ttcds, units
):
    progress = progress_post(actor=staff_ttcds, node=node("III.2.h"), unit=units["TTCĐS"])
    task_b = node("III.2.b")
    text = PLAN_2725.read_text(encoding="utf-8")
    text = plan_text_changed(text, TASK_III_2_H, "")
    text = plan_text_changed(
        text,
        "phát triển, duy trì cổng “Bình dân học vụ số”.",
        "phát triển, duy trì và mở rộng cổng “Bình dân học vụ số”.",
    )

    result = plan_load(path=plan_file_write(tmp_path, text, "plan-2725.yaml"))

    assert (result.created, result.revised, result.revision.number) == (False, True, 2)
    assert result.tasks == 19
    assert plan.revisions.count() == 2
    assert "III.2.h" in result.revision.summary
    withdrawn = node("III.2.h")
    assert withdrawn.is_withdrawn
    assert TaskProgress.objects.get(pk=progress.pk).node == withdrawn
    revised_b = node("III.2.b")
    assert revised_b.pk == task_b.pk
    assert revised_b.text.endswith("duy trì và mở rộng cổng “Bình dân học vụ số”.")
    assert not revised_b.is_withdrawn
    assert plan_tasks(plan=plan).count() == 19
    assert "III.2.h" not in plan_tasks(plan=plan).values_list("path", flat=True)
    # The first revision keeps the text as first loaded.
    first = plan.revisions.get(number=1).data
    group = next(item for item in first["sections"] if item["code"] == "III")["children"][1]
    assert [child["code"] for child in group["children"]][-1] == "h"


def test_a_withdrawn_task_comes_back_when_the_file_has_it_again(plan, node, tmp_path):
    text = plan_text_changed(PLAN_2725.read_text(encoding="utf-8"), TASK_III_2_H, "")
    plan_load(path=plan_file_write(tmp_path, text, "plan-2725.yaml"))

    result = plan_load(path=PLAN_2725)

    assert result.revision.number == 3
    assert not node("III.2.h").is_withdrawn
    assert plan_tasks(plan=plan).count() == 20


def test_several_plans_coexist(plan, tmp_path):
    other = plan_load(path=plan_file_write(tmp_path)).plan

    assert Plan.objects.count() == 2
    assert plan_tasks(plan=plan).count() == 20
    assert list(plan_tasks(plan=other).values_list("path", flat=True)) == ["I.1.a", "I.1.b"]
    assert other.targets.get().code == "T1"
    assert plan.targets.count() == 8


def test_a_small_plan_inherits_units_and_time_frame_from_its_task_group(agency, tmp_path):
    plan = plan_load(path=plan_file_write(tmp_path)).plan

    task = plan.nodes.get(path="I.1.b")
    assert [unit.code for unit in task.lead_units.all()] == ["BCVT"]
    assert [unit.code for unit in task.coordinating_units.all()] == ["QLKH"]
    assert not task.coordinating_all_units
    assert task.timeframe_kind == TimeframeKind.DEADLINE
    assert task.deadline == date(2026, 6, 30)
    assert plan.targets.get().node.path == "I.1"


def test_units_of_another_agency_are_unknown(agency, tmp_path):
    other = OrganisationFactory(code="skhcn-khac")
    UnitFactory(organisation=other, code="PTTT")
    text = plan_text_changed(SMALL_PLAN, "lead_units: [BCVT]", "lead_units: [PTTT]")

    with pytest.raises(PlanDataError) as error:
        plan_load(path=plan_file_write(tmp_path, text))

    assert error.value.reason == gettext('unknown unit "%(code)s"') % {"code": "PTTT"}
    assert not Plan.objects.exists()


def test_a_unit_code_shared_with_another_agency_means_this_agencys_unit(agency, tmp_path):
    other = OrganisationFactory(code="skhcn-khac")
    UnitFactory(organisation=other, code="BCVT", sort_order=999)

    plan = plan_load(path=plan_file_write(tmp_path)).plan

    lead = plan.nodes.get(path="I.1.a").lead_units.get()
    assert (lead.code, lead.organisation) == ("BCVT", agency)


# Broken files --------------------------------------------------------------------------------

SECTION_II = """\
  - code: II
    title: TỔ CHỨC THỰC HIỆN
    children:
      - code: "2"
        title: Văn phòng Sở
        children:
          - code: "1.1"
            text: Lập dự toán kinh phí.
targets:
"""

# id: (text replaced, replacement, a text marking the line reported, the reason)
BROKEN = {
    "task outside a task group": (
        "        task_group: true\n",
        "",
        "- code: a",
        ("task %(path)s is not inside a task group", {"path": "I.1.a"}),
    ),
    "1.1 under 2": (
        "targets:\n",
        SECTION_II,
        'code: "1.1"',
        (
            'item "%(code)s" is not numbered under its parent "%(parent)s"',
            {"code": "1.1", "parent": "2"},
        ),
    ),
    "top level not a Roman numeral": (
        "  - code: I\n",
        "  - code: A\n",
        "- code: A",
        ('a top-level section is numbered I, II, III…, not "%(code)s"', {"code": "A"}),
    ),
    "missing code": (
        "          - code: b\n            task: true\n",
        "          - task: true\n",
        "- task: true",
        ("an item has no code", {}),
    ),
    "duplicate code": (
        "          - code: b\n",
        "          - code: a  # again\n",
        "# again",
        ('code "%(code)s" appears twice here', {"code": "a"}),
    ),
    "unknown unit": (
        "lead_units: [BCVT]",
        "lead_units: [BCVT, PTTT]",
        'code: "1"',
        ('unknown unit "%(code)s"', {"code": "PTTT"}),
    ),
    "target without goal": (
        "    goal: 100\n",
        "",
        "- code: T1",
        ("target %(code)s has no goal", {"code": "T1"}),
    ),
    "impossible date": (
        "date: 2026-06-30",
        "date: 2026-02-30",
        "2026-02-30",
        ('"%(value)s" is not a valid date', {"value": "2026-02-30"}),
    ),
    "date written the Vietnamese way": (
        "issued_on: 2026-01-05",
        "issued_on: 05/01/2026",
        "code: kh-thu-2026",
        ("plan.issued_on must be a date (YYYY-MM-DD)", {}),
    ),
}


def _broken(case: str) -> tuple[str, int, str]:
    old, new, marker, (reason, values) = BROKEN[case]
    text = plan_text_changed(SMALL_PLAN, old, new)
    return text, line_of(text, marker), gettext(reason) % values if values else gettext(reason)


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_with_file_line_and_reason(agency, tmp_path, case):
    text, line, reason = _broken(case)
    path = plan_file_write(tmp_path, text)

    with pytest.raises(PlanDataError) as error:
        plan_load(path=path)

    assert (error.value.line, error.value.reason) == (line, reason)
    assert str(error.value) == f"{path}:{line}: {reason}"
    assert not Plan.objects.exists()
    assert not PlanNode.objects.exists()
    assert not Target.objects.exists()
    assert not PlanRevision.objects.exists()


def test_a_yaml_syntax_error_is_refused_with_its_line(agency, tmp_path):
    text = plan_text_changed(
        SMALL_PLAN, "text: Đăng tin bài về chuyển đổi số hằng tháng.", "text: Đăng tin: bài: x"
    )
    path = plan_file_write(tmp_path, text)

    with pytest.raises(PlanDataError) as error:
        plan_load(path=path)

    line = line_of(text, "Đăng tin: bài")
    assert error.value.line == line
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert "mapping values are not allowed here" in error.value.reason
    assert not Plan.objects.exists()


def test_a_plan_code_that_is_not_a_slug_is_refused_without_writing(agency, tmp_path):
    text = plan_text_changed(SMALL_PLAN, "code: kh-thu-2026", "code: KH thử 2026")

    with pytest.raises(PlanDataError) as error:
        plan_load(path=plan_file_write(tmp_path, text))

    assert error.value.line == line_of(text, "code: KH thử 2026")
    assert not Plan.objects.exists()
    assert not PlanNode.objects.exists()


def test_a_missing_file_is_refused(agency, tmp_path):
    with pytest.raises(PlanDataError) as error:
        plan_load(path=tmp_path / "khong-co.yaml")

    assert str(error.value) == f"{tmp_path / 'khong-co.yaml'}: {gettext('file not found')}"


@pytest.mark.parametrize("case", ["unknown unit", "target without goal", "impossible date"])
def test_a_broken_revision_leaves_the_plan_as_it_was(agency, tmp_path, time_machine, case):
    plan = plan_load(path=plan_file_write(tmp_path)).plan
    before = _state(plan)
    time_machine.shift(timedelta(hours=1))
    text, line, _reason = _broken(case)
    # The broken copy also changes what a write would touch.
    text = plan_text_changed(text, "Cập nhật chuyên mục", "Duy trì chuyên mục")

    with pytest.raises(PlanDataError) as error:
        plan_load(path=plan_file_write(tmp_path, text))

    assert error.value.line == line
    assert _state(plan) == before
    assert Plan.objects.get().title == "Kế hoạch thử nghiệm về truyền thông số"
    assert Unit.objects.filter(code="PTTT").count() == 0

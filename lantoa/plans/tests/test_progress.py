"""Units report progress on their tasks with evidence; a unit sees only its own reports,
leaders and the lead division see all; reports are history, never edited or deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, get_resolver, reverse
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from lantoa.plans.loading import plan_load
from lantoa.plans.models import ProgressEvidence, ProgressStatus, TaskProgress
from lantoa.plans.selectors import plan_dashboard
from lantoa.plans.services import EvidenceInput, task_progress_post
from lantoa.plans.tests.conftest import TODAY
from lantoa.plans.tests.factories import (
    PLAN_2725_CODE,
    evidence_file,
    plan_file_write,
    progress_post,
)
from lantoa.plans.tests.helpers import assert_refused

pytestmark = pytest.mark.django_db

LINK = "https://skhcn.quangngai.gov.vn/tin-tuc/chuyen-muc-nghi-quyet-57"
ADD = reverse("plans_progress:add")


@pytest.fixture
def small_plan(agency, tmp_path):
    """A plan whose tasks BCVT leads and QLKH coordinates; TTCĐS takes no part."""
    return plan_load(path=plan_file_write(tmp_path)).plan


@pytest.fixture
def report_ttcds(node, units, staff_ttcds) -> TaskProgress:
    return progress_post(
        actor=staff_ttcds,
        node=node("III.2.b"),
        unit=units["TTCĐS"],
        note="Đã đưa kho tài nguyên số vào vận hành thử.",
        file=evidence_file("bien-ban-nghiem-thu.pdf"),
    )


@pytest.fixture
def report_bcvt(node, units, staff_bcvt) -> TaskProgress:
    return progress_post(
        actor=staff_bcvt,
        node=node("III.1.a"),
        unit=units["BCVT"],
        status=ProgressStatus.DONE,
        note="Chuyên mục Nghị quyết 57 đã hoạt động.",
        file=evidence_file("anh-chup-chuyen-muc.pdf", b"BCVT evidence"),
    )


# Posting through the service -----------------------------------------------------------------


def test_a_unit_reports_progress_with_a_link_and_a_file(report_ttcds, staff_ttcds, units):
    progress = TaskProgress.objects.get()
    assert progress == report_ttcds
    assert (progress.node.path, progress.unit, progress.status) == (
        "III.2.b",
        units["TTCĐS"],
        ProgressStatus.IN_PROGRESS,
    )
    assert progress.reported_by == staff_ttcds
    assert progress.created_at == TODAY
    link, file = progress.evidence.order_by("pk")
    assert (link.title, link.url, link.file) == ("Tin bài", progress_post.__kwdefaults__["url"], "")
    assert file.file.name.startswith("plans/progress/TTCĐS/bien-ban-nghiem-thu")
    assert file.file.read() == b"%PDF-1.4 test"
    assert ModelLogEntry.objects.filter(
        object_id=str(progress.pk), action="wagtail.create", user=staff_ttcds
    ).exists()


def test_a_unit_cannot_report_for_another_unit(node, units, staff_ttcds):
    with pytest.raises(PermissionDenied):
        progress_post(actor=staff_ttcds, node=node("III.1.a"), unit=units["BCVT"])

    assert not TaskProgress.objects.exists()
    assert not ProgressEvidence.objects.exists()


def test_a_unit_cannot_report_on_a_task_it_neither_leads_nor_coordinates(
    small_plan, units, staff_ttcds
):
    task = small_plan.nodes.get(path="I.1.a")

    with pytest.raises(PermissionDenied) as error:
        progress_post(actor=staff_ttcds, node=task, unit=units["TTCĐS"])

    assert "TTCĐS" in str(error.value)
    assert "I.1.a" in str(error.value)
    assert not TaskProgress.objects.exists()


def test_the_lead_and_the_coordinating_unit_may_report(small_plan, units, make_user):
    task = small_plan.nodes.get(path="I.1.b")
    for code in ("BCVT", "QLKH"):
        user = make_user("unit_staff", unit=units[code])
        progress_post(actor=user, node=task, unit=units[code])

    assert sorted(TaskProgress.objects.values_list("unit__code", flat=True)) == ["BCVT", "QLKH"]


def test_every_unit_coordinates_the_tasks_of_plan_2725(node, units, make_user):
    user = make_user("unit_staff", unit=units["VP"])

    progress_post(actor=user, node=node("III.4.c"), unit=units["VP"])

    assert TaskProgress.objects.get().unit.code == "VP"


def test_progress_is_refused_on_what_is_not_a_task(node, units, staff_ttcds):
    with pytest.raises(PermissionDenied):
        progress_post(actor=staff_ttcds, node=node("II.2.a.-1"), unit=units["TTCĐS"])


@pytest.mark.parametrize("role", ["editor", "leader", "office"])
def test_roles_without_the_permission_cannot_report(node, units, make_user, role):
    user = make_user(role, unit=units["TTCĐS"])

    with pytest.raises(PermissionDenied):
        progress_post(actor=user, node=node("III.2.b"), unit=units["TTCĐS"])


def test_a_report_says_what_was_done(node, units, staff_ttcds):
    with pytest.raises(ValidationError):
        progress_post(actor=staff_ttcds, node=node("III.2.b"), unit=units["TTCĐS"], note="  ")

    assert not TaskProgress.objects.exists()


def test_two_reports_on_a_task_are_both_kept_and_the_latest_is_current(
    node, units, staff_ttcds, plan, time_machine
):
    task = node("III.2.b")
    first = progress_post(actor=staff_ttcds, node=task, unit=units["TTCĐS"])
    time_machine.shift(3600 * 24 * 7)
    second = progress_post(
        actor=staff_ttcds,
        node=task,
        unit=units["TTCĐS"],
        status=ProgressStatus.DONE,
        note="Hoàn thành kho tài nguyên số.",
        url="",
        file=evidence_file(),
    )

    assert list(task.progress.order_by("created_at")) == [first, second]
    row = next(
        row
        for row in plan_dashboard(plan=plan, as_of=TODAY.date()).task_rows
        if row.task.path == "III.2.b"
    )
    assert row.statuses == {units["TTCĐS"].pk: second}
    assert row.overall_status == ProgressStatus.DONE


def test_a_record_of_the_system_can_be_the_evidence(node, units, staff_ttcds):
    progress = task_progress_post(
        actor=staff_ttcds,
        node=node("III.2.b"),
        unit=units["TTCĐS"],
        status=ProgressStatus.IN_PROGRESS,
        note="Giới thiệu trên trang đơn vị.",
        evidence=[EvidenceInput(record=units["TTCĐS"])],
    )

    evidence = progress.evidence.get()
    assert evidence.record == units["TTCĐS"]
    assert evidence.title == str(units["TTCĐS"])


# Posting through the admin form --------------------------------------------------------------


def _form(task, unit, **changes) -> dict:
    data = {
        "task": task.pk,
        "unit": unit.pk,
        "status": ProgressStatus.IN_PROGRESS,
        "note": "Đã sản xuất 2 video clip về chuyển đổi số.",
        "link_title_1": "Video trên Cổng thông tin",
        "link_url_1": LINK,
    }
    data.update(changes)
    return data


def test_a_unit_reports_through_the_admin_form(client, node, units, staff_ttcds):
    client.force_login(staff_ttcds)
    url = f"{ADD}?plan={PLAN_2725_CODE}"
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"].fields["unit"].initial == units["TTCĐS"].pk

    response = client.post(
        url,
        _form(node("III.2.d"), units["TTCĐS"], evidence_file=evidence_file("video.pdf")),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("plans_progress:index")
    progress = TaskProgress.objects.get()
    assert (progress.node.path, progress.unit.code, progress.reported_by) == (
        "III.2.d",
        "TTCĐS",
        staff_ttcds,
    )
    assert sorted((item.title, item.url) for item in progress.evidence.all()) == sorted(
        [("Video trên Cổng thông tin", LINK), (progress.evidence.get(url="").title, "")]
    )
    assert progress.evidence.get(url="").file.read() == b"%PDF-1.4 test"


def test_the_admin_form_refuses_another_units_name(client, node, units, staff_ttcds):
    client.force_login(staff_ttcds)

    response = client.post(f"{ADD}?plan={PLAN_2725_CODE}", _form(node("III.1.a"), units["BCVT"]))

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not TaskProgress.objects.exists()


def test_the_admin_form_refuses_a_task_the_unit_has_no_part_in(
    client, small_plan, units, staff_ttcds
):
    client.force_login(staff_ttcds)
    task = small_plan.nodes.get(path="I.1.a")

    response = client.post(f"{ADD}?plan={small_plan.code}", _form(task, units["TTCĐS"]))

    assert response.status_code == 200
    assert "task" in response.context["form"].errors
    assert not TaskProgress.objects.exists()
    offered = response.context["form"].fields["task"].queryset
    assert not offered.exists()


def test_the_editor_cannot_open_the_progress_form(client, plan, editor):
    client.force_login(editor)

    assert_refused(client.get(f"{ADD}?plan={PLAN_2725_CODE}"))


# Who sees what -------------------------------------------------------------------------------


def _listed(client, **params) -> set[str]:
    response = client.get(reverse("plans_progress:index"), params)
    assert response.status_code == 200
    return {progress.unit.code for progress in response.context["object_list"]}


def test_a_unit_lists_only_its_own_progress(client, staff_ttcds, report_ttcds, report_bcvt):
    client.force_login(staff_ttcds)

    assert _listed(client) == {"TTCĐS"}


@pytest.mark.parametrize("who", ["leader", "qlkh"])
def test_leaders_and_the_lead_division_list_all_progress(
    client, request, report_ttcds, report_bcvt, who
):
    client.force_login(request.getfixturevalue(who))

    assert _listed(client) == {"TTCĐS", "BCVT"}


def test_the_progress_listing_can_be_filtered(client, leader, report_ttcds, report_bcvt):
    client.force_login(leader)

    assert _listed(client, status=ProgressStatus.DONE) == {"BCVT"}


def test_a_unit_cannot_open_another_units_progress(client, staff_ttcds, report_bcvt):
    client.force_login(staff_ttcds)

    assert client.get(reverse("plans_progress:inspect", args=[report_bcvt.pk])).status_code == 404
    evidence = report_bcvt.evidence.get(url="")
    assert client.get(reverse("plans_progress_evidence", args=[evidence.pk])).status_code == 404


def test_a_unit_cannot_read_the_history_of_another_units_progress(client, staff_ttcds, report_bcvt):
    client.force_login(staff_ttcds)

    for name in ("plans_progress:history", "plans_progress:history_results"):
        response = client.get(reverse(name, args=[report_bcvt.pk]))
        assert response.status_code in (302, 403, 404), name
        assert "Chuyên mục Nghị quyết 57" not in response.content.decode()


def test_a_unit_opens_its_own_progress_and_evidence(client, staff_ttcds, report_ttcds):
    client.force_login(staff_ttcds)

    page = client.get(reverse("plans_progress:inspect", args=[report_ttcds.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã đưa kho tài nguyên số vào vận hành thử." in html
    evidence = report_ttcds.evidence.get(url="")
    download = reverse("plans_progress_evidence", args=[evidence.pk])
    assert download in html
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client.get(reverse("plans_progress:history", args=[report_ttcds.pk])).status_code == 200


@pytest.mark.parametrize("who", ["leader", "qlkh"])
def test_leaders_open_any_units_progress_and_evidence(client, request, report_bcvt, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("plans_progress:inspect", args=[report_bcvt.pk]))

    assert page.status_code == 200
    assert "Chuyên mục Nghị quyết 57 đã hoạt động." in page.content.decode()
    evidence = report_bcvt.evidence.get(url="")
    response = client.get(reverse("plans_progress_evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == b"BCVT evidence"


def test_the_leader_sees_a_units_report_on_the_dashboard(client, leader, report_ttcds):
    client.force_login(leader)

    html = client.get(reverse("plans_dashboard")).content.decode()

    assert reverse("plans_progress:inspect", args=[report_ttcds.pk]) in html


# Reports are history -------------------------------------------------------------------------


def test_there_is_no_delete_view(client, qlkh, report_ttcds):
    _prefix, resolver = get_resolver().namespace_dict["plans_progress"]
    names = {pattern.name for pattern in resolver.url_patterns}
    client.force_login(qlkh)

    assert "delete" not in names
    with pytest.raises(NoReverseMatch):
        reverse("plans_progress:delete", args=[report_ttcds.pk])
    index = reverse("plans_progress:index")
    response = client.post(f"{index}delete/{report_ttcds.pk}/")
    assert response.status_code == 404
    assert TaskProgress.objects.filter(pk=report_ttcds.pk).exists()


@pytest.mark.parametrize("who", ["staff_ttcds", "qlkh", "leader"])
def test_posting_to_the_edit_url_changes_nothing(client, request, report_ttcds, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("plans_progress:edit", args=[report_ttcds.pk]),
        {"note": "Sửa lại báo cáo", "status": ProgressStatus.DONE},
    )

    assert response.status_code in (302, 403, 405)
    report_ttcds.refresh_from_db()
    assert report_ttcds.note == "Đã đưa kho tài nguyên số vào vận hành thử."
    assert report_ttcds.status == ProgressStatus.IN_PROGRESS


def test_nobody_may_change_or_delete_progress(qlkh, leader, staff_ttcds):
    policy = policy_registry.get_by_type(TaskProgress)
    for user in (qlkh, leader, staff_ttcds):
        assert not policy.user_has_permission(user, "change")
        assert not policy.user_has_permission(user, "delete")
    assert policy.user_has_permission(staff_ttcds, "add")

"""The review workflow: author (unit staff) → unit head → leader → published.

The portal is built from the Quảng Ngãi data files as `portal_setup` builds it, then given the
workflow and page permissions. The clock stands still on Monday 1 December 2025, 09:30 in
Vietnam, unless a test moves it.
"""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    GroupPagePermission,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from lantoa.core import scheduling
from lantoa.directory.models import Person, Unit
from lantoa.directory.roles import ROLES, role_get, roles_sync
from lantoa.directory.services import agency_load
from lantoa.portal.models import ArticlePage, HomePage
from lantoa.portal.setup import portal_setup
from lantoa.portal.workflows import (
    WORKFLOW_NAME,
    LeaderApprovalTask,
    ReviewReminder,
    UnitHeadApprovalTask,
    portal_permissions_sync,
    portal_workflow_ready,
    portal_workflow_setup,
    review_reminders_send,
    reviews_pending_for_user,
)

pytestmark = pytest.mark.django_db

AGENCY_FOLDER = Path(settings.BASE_DIR) / "data" / "agencies" / "quang-ngai"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2025, 12, 1, 9, 30, tzinfo=VIETNAM)


def workflow_ready(monkeypatch, *, registry: dict | None = None) -> None:
    """Start-up as PortalConfig.ready() does it, then the role sync `migrate` runs, undone
    after the test: the role definitions and the job registry are shared by every test."""
    for role in ROLES:
        monkeypatch.setattr(role, "permissions", set(role.permissions))
        monkeypatch.setattr(role, "collection_permissions", set(role.collection_permissions))
    monkeypatch.setattr(
        scheduling, "_registry", dict(scheduling._registry) if registry is None else registry
    )
    portal_workflow_ready()
    roles_sync()


def portal_build() -> HomePage:
    """The Quảng Ngãi portal with the review workflow and permissions, as portal_setup will
    leave it once it calls the workflow set-up (shared with the other workflow test files)."""
    agency_load(folder=AGENCY_FOLDER)
    home = portal_setup(folder=AGENCY_FOLDER)
    portal_workflow_setup(home)
    portal_permissions_sync(home)
    return home


def staff_user(make_user, role: str, unit_code: str, *, head: bool = False, **kwargs):
    """A user in `role` on the staff of the unit; `head` makes them its head."""
    user = make_user(role, unit=Unit.objects.get(code=unit_code), **kwargs)
    if head:
        Person.objects.filter(user=user).update(is_leader=True)
    return user


def article_form(title: str = "Ra mắt nền tảng Bình dân học vụ số", **fields) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": fields.pop("slug", "ra-mat-nen-tang"),
            "lead": "Sở Khoa học và Công nghệ ra mắt nền tảng học kỹ năng số cho người dân.",
            "kind": "news",
            "body": streamfield([]),
            "comments": inline_formset(fields.pop("comments", [])),
            **fields,
        }
    )


def article_create(client, user, section, **fields) -> ArticlePage:
    """Create an article in the admin as `user` and submit it for review."""
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["portal", "articlepage", section.pk]),
        {**article_form(**fields), "action-submit": "Submit"},
    )
    assert response.status_code == 302, response.context["form"].errors
    return ArticlePage.objects.get(slug=fields.get("slug", "ra-mat-nen-tang"))


def current_task_state(page) -> TaskState:
    page.refresh_from_db()
    return page.current_workflow_task_state


def assert_refused(response) -> None:
    """A 403, or Wagtail's admin way of refusing: back to the admin home with a message."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403


def workflow_action_url(page, action: str, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture(autouse=True)
def _ready(db, monkeypatch):
    workflow_ready(monkeypatch)


@pytest.fixture
def home(db) -> HomePage:
    return portal_build()


@pytest.fixture
def section(home):
    return home.get_children().get(slug="nghi-quyet-57")


@pytest.fixture
def author(home, make_user):
    return staff_user(make_user, "unit_staff", "TTCĐS", first_name="Lan", last_name="Trần")


@pytest.fixture
def unit_head(home, make_user):
    return staff_user(
        make_user, "unit_staff", "TTCĐS", head=True, first_name="Minh", last_name="Phạm"
    )


@pytest.fixture
def other_head(home, make_user):
    return staff_user(make_user, "unit_staff", "BCVT", head=True)


@pytest.fixture
def leader(home, make_user):
    return staff_user(make_user, "leader", "LĐS", head=True)


@pytest.fixture
def article(client, author, unit_head, leader, section) -> ArticlePage:
    """An article by a TTCĐS author, submitted for review (now at the unit head step)."""
    page = article_create(client, author, section, authoring_unit=Unit.objects.get(code="TTCĐS").pk)
    client.logout()
    mail.outbox.clear()
    return page


# Set-up


def test_setup_assigns_the_workflow_and_is_safe_to_run_again(home):
    portal_workflow_setup(home)
    portal_permissions_sync(home)

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [UnitHeadApprovalTask, LeaderApprovalTask]
    assert list(tasks[1].groups.values_list("name", flat=True)) == [role_get("leader").group_name]
    translations = [home, *home.get_translations()]
    assert len(translations) == 2
    assert {wp.page_id for wp in WorkflowPage.objects.filter(workflow=workflow)} == {
        page.pk for page in translations
    }
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    # unit staff 2 + editors 2 + leaders 3 + administrators 6, on each language's home page.
    assert GroupPagePermission.objects.filter(page__in=translations).count() == 13 * 2


def test_setup_keeps_a_workflow_an_administrator_chose(home):
    other = Workflow.objects.create(name="Quy trình riêng")
    WorkflowPage.objects.filter(page=home).update(workflow=other)

    portal_workflow_setup(home)

    assert WorkflowPage.objects.get(page=home).workflow == other


def test_each_role_gets_its_page_permissions(home, section, make_user):
    staff = staff_user(make_user, "unit_staff", "TTCĐS")
    editor = make_user("editor")
    leader = make_user("leader")
    admin = make_user("system_admin")

    staff_perms = section.permissions_for_user(staff)
    assert staff_perms.can_add_subpage() and staff_perms.can_edit()
    assert not staff_perms.can_publish()
    assert not section.permissions_for_user(editor).can_publish()
    assert section.permissions_for_user(editor).can_edit()
    assert section.permissions_for_user(leader).can_publish()
    assert section.permissions_for_user(admin).can_delete()
    assert section.permissions_for_user(admin).can_unlock()
    # Unit staff illustrate their articles.
    images = policy_registry.get_by_type(get_image_model())
    assert images.user_has_permission(staff, "add")
    assert images.user_has_permission(staff, "choose")


# The whole path


def test_article_goes_from_author_through_unit_head_and_leader_to_live(
    client, author, unit_head, other_head, leader, section
):
    ttcds = Unit.objects.get(code="TTCĐS")
    page = article_create(client, author, section, authoring_unit=ttcds.pk)

    assert not page.live
    task_state = current_task_state(page)
    assert isinstance(task_state.task.specific, UnitHeadApprovalTask)
    # The unit head hears of it.
    assert unit_head.email in [address for message in mail.outbox for address in message.to]

    # The author cannot approve their own article, in the admin or through the API.
    assert page.current_workflow_task.get_actions(page, author) == []
    assert_refused(client.post(workflow_action_url(page, "approve", task_state)))
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, author, "approve")

    # Nor can another unit's head, or a leader before the unit head has approved.
    for outsider in (other_head, leader):
        client.force_login(outsider)
        assert_refused(client.post(workflow_action_url(page, "approve", task_state)))
    assert current_task_state(page).pk == task_state.pk

    # The TTCĐS head approves in the admin.
    client.force_login(unit_head)
    response = client.post(
        workflow_action_url(page, "approve", task_state), {"comment": "Đạt yêu cầu."}
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert (task_state.status, task_state.finished_by) == (TaskState.STATUS_APPROVED, unit_head)
    page.refresh_from_db()
    assert not page.live

    # A leader approves; the page goes live and the audit log says who published it.
    leader_state = current_task_state(page)
    assert isinstance(leader_state.task.specific, LeaderApprovalTask)
    assert leader_state.task.specific.get_actions(page, unit_head) == []
    leader_state.task.specific.on_action(leader_state, leader, "approve", comment="")

    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    published = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert published.user == leader
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.workflow.approve", user=unit_head
    ).exists()


def test_an_article_without_a_unit_goes_to_the_heads_of_the_submitters_unit(
    client, author, unit_head, other_head, section
):
    page = article_create(client, author, section)

    task = page.current_workflow_task
    assert task.get_actions(page, unit_head)
    assert task.get_actions(page, other_head) == []


def test_a_head_who_wrote_the_article_hands_the_step_to_the_lead_division(
    client, unit_head, section, make_user
):
    lead_division_head = staff_user(make_user, "lead_division", "QLKH", head=True)
    page = article_create(client, unit_head, section)

    task_state = current_task_state(page)
    task = task_state.task.specific
    assert task.review_holders(page=page, task_state=task_state) == [lead_division_head]
    assert task.get_actions(page, unit_head) == []
    assert task.get_actions(page, lead_division_head)


def test_a_leader_who_submitted_an_article_cannot_approve_it(client, unit_head, section, make_user):
    writer = staff_user(make_user, "leader", "LĐS", head=True)
    other_leader = staff_user(make_user, "leader", "LĐS", head=True)
    page = article_create(client, writer, section, authoring_unit=Unit.objects.get(code="TTCĐS").pk)
    task_state = current_task_state(page)
    task_state.task.specific.on_action(task_state, unit_head, "approve")

    leader_state = current_task_state(page)
    leader_task = leader_state.task.specific
    assert leader_task.get_actions(page, writer) == []
    with pytest.raises(PermissionDenied):
        leader_task.on_action(leader_state, writer, "approve")
    assert writer not in leader_task.review_holders(page=page, task_state=leader_state)
    assert list(TaskState.objects.reviewable_by(writer)) == []
    assert [state.pk for state in TaskState.objects.reviewable_by(other_leader)] == [
        leader_state.pk
    ]

    leader_task.on_action(leader_state, other_leader, "approve")
    page.refresh_from_db()
    assert page.live


def test_requesting_changes_needs_a_reason_and_returns_the_article_to_its_author(
    client, article, author, unit_head
):
    task_state = current_task_state(article)
    client.force_login(unit_head)

    # Without a reason the admin form refuses, and so does the server.
    client.post(workflow_action_url(article, "reject", task_state), {"comment": "  "})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, unit_head, "reject", comment="")

    reason = "Bổ sung nguồn số liệu ở đoạn hai."
    client.post(workflow_action_url(article, "reject", task_state), {"comment": reason})

    task_state.refresh_from_db()
    assert (task_state.status, task_state.comment) == (TaskState.STATUS_REJECTED, reason)
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_author = [message for message in mail.outbox if message.to == [author.email]]
    assert len(to_author) == 1
    assert reason in to_author[0].body

    # The author edits and resubmits: the unit head reviews again.
    article.refresh_from_db()
    assert article.permissions_for_user(author).can_edit()
    article.get_latest_revision_as_object().save_revision(user=author)
    workflow_state.resume(user=author)
    again = current_task_state(article)
    assert again.pk != task_state.pk
    assert isinstance(again.task.specific, UnitHeadApprovalTask)


def test_a_reviewer_can_comment_in_the_editor_and_still_approve(client, article, unit_head):
    client.force_login(unit_head)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert client.get(edit_url).status_code == 200

    comment = {
        "id": "",
        "contentpath": "title",
        "text": "Tiêu đề nên ngắn hơn.",
        "position": "",
        "resolved": "",
        "DELETE": "",
        "replies": inline_formset([]),
    }
    response = client.post(
        edit_url,
        article_form(
            authoring_unit=Unit.objects.get(code="TTCĐS").pk,
            comments=[comment],
        ),
    )

    assert response.status_code == 302
    assert Comment.objects.get(page=article).text == "Tiêu đề nên ngắn hơn."
    assert PageLogEntry.objects.filter(
        page=article, action="wagtail.comments.create", user=unit_head
    ).exists()
    task_state = current_task_state(article)
    assert task_state.task.specific.get_actions(article, unit_head)


def test_unit_staff_cannot_publish_directly(client, author, section):
    client.force_login(author)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["portal", "articlepage", section.pk]),
        {**article_form(), "action-publish": "Publish"},
    )

    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="ra-mat-nen-tang")
    assert not page.live
    assert not page.permissions_for_user(author).can_publish()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**article_form(), "action-publish": "Publish"},
    )
    page.refresh_from_db()
    assert not page.live


# Holders, due dates and reminders


def test_the_admin_shows_who_holds_each_step_since_when_and_until_when(
    client, article, author, unit_head, time_machine
):
    client.force_login(author)
    home_page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="portal-review-deadlines' in home_page
    assert "Minh Phạm" in home_page  # the unit head holds the step
    assert "01/12/2025 09:30" in home_page  # since, Vietnam time
    assert "03/12/2025 09:30" in home_page  # due two days later

    status = client.get(reverse("portal_review_status", args=[article.pk]))
    assert status.status_code == 200
    assert "Minh Phạm" in status.content.decode()

    time_machine.move_to(MONDAY + timedelta(days=2, hours=1), tick=False)
    client.force_login(unit_head)
    home_page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert article.title in home_page
    assert "lt-status--late" in home_page


def test_review_status_is_not_shown_to_other_units_staff(client, article, make_user):
    outsider = staff_user(make_user, "office", "VP")
    client.force_login(outsider)

    assert_refused(client.get(reverse("portal_review_status", args=[article.pk])))
    assert_refused(client.get(reverse("portal_preview_links", args=[article.pk])))


def test_reminders_go_to_the_holders_of_overdue_steps_once_a_day(article, unit_head, time_machine):
    assert review_reminders_send() == 0  # not due yet

    time_machine.move_to(MONDAY + timedelta(days=2, minutes=1), tick=False)
    assert review_reminders_send() == 1
    assert mail.outbox[-1].to == [unit_head.email]
    assert article.title in mail.outbox[-1].subject + mail.outbox[-1].body

    time_machine.move_to(MONDAY + timedelta(days=2, hours=5), tick=False)
    assert review_reminders_send() == 0  # already reminded today

    time_machine.move_to(MONDAY + timedelta(days=3, hours=1), tick=False)
    assert review_reminders_send() == 1
    assert ReviewReminder.objects.filter(recipients=unit_head.email).count() == 2


# Revisions, comparison, roll-back and the audit log


def test_leaders_and_editors_read_history_compare_revisions_and_roll_back(
    client, article, leader, unit_head, make_user
):
    editor = make_user("editor")
    latest = article.get_latest_revision_as_object()
    latest.title = "Ra mắt nền tảng học kỹ năng số"
    latest.save_revision(user=unit_head)
    first_revision = article.revisions.order_by("created_at", "pk").first()

    for user in (leader, editor):
        client.force_login(user)
        urls = [
            reverse("wagtailadmin_pages:history", args=[article.pk]),
            reverse(
                "wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "latest"]
            ),
            reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first_revision.pk]),
            reverse("wagtailadmin_reports:site_history"),
        ]
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_a_heads_pending_reviews_cost_the_same_queries_however_many(section, author, unit_head):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)

    def submit(slug: str) -> None:
        page = ArticlePage(
            title=f"Tin {slug}", slug=slug, lead="Tóm tắt.", owner=author, live=False
        )
        page.authoring_unit = Unit.objects.get(code="TTCĐS")
        section.add_child(instance=page)
        page.save_revision(user=author)
        workflow.start(page, author)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            pending = reviews_pending_for_user(user=unit_head)
        return len(pending), len(captured)

    submit("mot")
    queries()  # Wagtail caches group checks on the user object
    one = queries()
    submit("hai")
    submit("ba")
    three = queries()

    assert (one[0], three[0]) == (1, 3)
    assert three[1] == one[1]


def test_the_authoring_unit_starts_as_the_authors_own_and_staff_name_only_theirs(
    make_user, section
):
    author = staff_user(make_user, "unit_staff", "TTCĐS")
    form_class = ArticlePage.get_edit_handler().get_form_class()

    form = form_class(instance=ArticlePage(), parent_page=section, for_user=author)
    assert form.initial["authoring_unit"] == Unit.objects.get(code="TTCĐS").pk
    assert [unit.code for unit in form.fields["authoring_unit"].queryset] == ["TTCĐS"]

    leader = staff_user(make_user, "leader", "LĐS")
    form = form_class(instance=ArticlePage(), parent_page=section, for_user=leader)
    assert form.fields["authoring_unit"].queryset.count() == Unit.objects.active().count()

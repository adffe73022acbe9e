"""The portal's review workflow: author (unit staff) → unit head → Department leader → published.

Wagtail runs the workflow ("Duyệt tin bài", assigned to the portal's home page by
`portal_workflow_setup`); this module adds the two task types that know who may act on a step,
due dates, reminders, and the page permissions of each role (`portal_permissions_sync`).
Administrators see the workflow under Settings → Workflows and its steps under Settings →
Workflow tasks.

Who holds a step (may approve it or request changes):

* Unit head step (`UnitHeadApprovalTask`): the heads (`Person.is_leader`) of the article's
  authoring unit; when the article names none, of the unit of the person who submitted it; when
  that unit has no head who may act, the heads among the lead division ("Phòng chủ trì QLKH").
* Leader step (`LeaderApprovalTask`): the members of the task's groups ("Lãnh đạo Sở").

Nobody acts on a step of their own content: the person who submitted the page to the workflow
and the author of the revision sent to the step cannot approve it or send it back; Wagtail
hides the actions from them and `on_action` refuses them. A reviewer who comments or corrects
the page during review stays a reviewer (saving a comment creates a revision, and that must not
lock the reviewer out). Superusers may act on any step, except on their own content.
Requesting changes needs a reason, which Wagtail e-mails to the author.

Each step is due `PORTAL_REVIEW_DAYS` days (default 2) after it started; the hourly job
`review_reminders_send` e-mails the holders of overdue steps, once per step a day.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from lantoa.core.models import TimeStampedModel
from lantoa.directory.models import Person
from lantoa.directory.roles import role_get

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
WORKFLOW_NAME = "Duyệt tin bài"
UNIT_HEAD_TASK_NAME = "Trưởng đơn vị duyệt"
LEADER_TASK_NAME = "Lãnh đạo Sở duyệt"


def review_period() -> timedelta:
    return timedelta(days=getattr(settings, "PORTAL_REVIEW_DAYS", 2))


def review_due_at(task_state: TaskState) -> datetime:
    return task_state.started_at + review_period()


def review_excluded_user_ids(task_state: TaskState) -> set[int]:
    """Who may not act on this step: whoever submitted the page and the author of the revision
    sent to the step."""
    excluded = {task_state.workflow_state.requested_by_id, task_state.revision.user_id}
    excluded.discard(None)
    return excluded


def _specific(obj):
    return obj.specific if isinstance(obj, Page) else obj


def _active_users():
    return get_user_model().objects.filter(is_active=True)


class RejectionForm(TaskStateCommentForm):
    """Sending a page back needs a reason: it is what the author is e-mailed."""

    comment = forms.CharField(
        label=_("Reason"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Tell the author what to change; they receive it by e-mail."),
    )


class ReviewTaskMixin:
    """What both review steps share: holders worked out for each page, no acting on one's own
    content, and a reason required to request changes."""

    def review_holder_ids(self, *, page, task_state: TaskState) -> set[int]:
        """The users who hold the step, the excluded ones already removed."""
        raise NotImplementedError

    def review_holders(self, *, page, task_state: TaskState) -> list:
        ids = self.review_holder_ids(page=page, task_state=task_state)
        return list(
            _active_users()
            .filter(pk__in=ids)
            .select_related("person")
            .order_by("first_name", "last_name", "username")
        )

    def user_may_review(self, *, page, task_state: TaskState, user) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if user.pk in review_excluded_user_ids(task_state):
            return False
        return user.is_superuser or user.pk in self.review_holder_ids(
            page=page, task_state=task_state
        )

    def _current_task_state(self, obj) -> TaskState | None:
        task_state = obj.current_workflow_task_state
        if task_state is None or task_state.task_id != self.pk:
            return None
        return task_state

    def _user_holds(self, obj, user) -> bool:
        task_state = self._current_task_state(obj)
        return task_state is not None and self.user_may_review(
            page=_specific(obj), task_state=task_state, user=user
        )

    def get_actions(self, obj, user):
        if not self._user_holds(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # Every admin path (page editor, dashboard, moderation modal) ends here, so the rules
        # are enforced on the server whatever the interface showed.
        page = _specific(task_state.workflow_state.content_object)
        if not self.user_may_review(page=page, task_state=task_state, user=user):
            raise PermissionDenied(
                _(
                    "You cannot act on this review step: it is not yours, or the content is "
                    "your own."
                )
            )
        if action_name == "reject" and not str(kwargs.get("comment") or "").strip():
            raise PermissionDenied(_("Give a reason when you request changes."))
        return super().on_action(task_state, user, action_name, **kwargs)


def unit_head_ids(*, unit_id: int) -> set[int]:
    return set(
        Person.objects.filter(
            unit_id=unit_id, is_leader=True, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def lead_division_head_ids() -> set[int]:
    return set(
        Person.objects.filter(
            is_leader=True,
            is_active=True,
            user__is_active=True,
            user__groups__name=role_get("lead_division").group_name,
        ).values_list("user_id", flat=True)
    )


def review_unit_id(*, page, workflow_state: WorkflowState) -> int | None:
    """The unit whose heads review the page: its authoring unit, else the submitter's unit."""
    unit_id = getattr(page, "authoring_unit_id", None)
    if unit_id is None and workflow_state.requested_by_id is not None:
        unit_id = (
            Person.objects.filter(user_id=workflow_state.requested_by_id, is_active=True)
            .values_list("unit_id", flat=True)
            .first()
        )
    return unit_id


def _review_unit_ids(task_states: list[TaskState]) -> dict[int, int | None]:
    """`review_unit_id` for many steps at once: {task state id: unit id}."""
    page_ids = {int(state.workflow_state.object_id) for state in task_states}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    requester_units = dict(
        Person.objects.filter(
            user_id__in={state.workflow_state.requested_by_id for state in task_states},
            is_active=True,
        ).values_list("user_id", "unit_id")
    )
    units = {}
    for state in task_states:
        page = pages.get(int(state.workflow_state.object_id))
        unit_id = getattr(page, "authoring_unit_id", None)
        units[state.pk] = unit_id or requester_units.get(state.workflow_state.requested_by_id)
    return units


class UnitHeadApprovalTask(ReviewTaskMixin, Task):
    """A review step held by the heads of the article's authoring unit (see the module's
    docstring for the fallbacks). Managed under Settings → Workflow tasks."""

    class Meta:
        verbose_name = _("unit head approval task")
        verbose_name_plural = _("unit head approval tasks")

    def review_holder_ids(self, *, page, task_state: TaskState) -> set[int]:
        excluded = review_excluded_user_ids(task_state)
        unit_id = review_unit_id(page=page, workflow_state=task_state.workflow_state)
        holders = unit_head_ids(unit_id=unit_id) - excluded if unit_id is not None else set()
        if not holders:
            holders = lead_division_head_ids() - excluded
        return holders

    def user_can_access_editor(self, obj, user):
        return self._user_holds(obj, user)

    def locked_for_user(self, obj, user):
        # Like a group approval step: while the heads review, only they edit.
        return not (user.is_superuser or self._user_holds(obj, user))

    def user_can_lock(self, obj, user):
        return self._user_holds(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_authenticated and user.is_active):
            return TaskState.objects.none()
        may_hold = (
            user.is_superuser
            or Person.objects.filter(user=user, is_leader=True, is_active=True).exists()
        )
        if not may_hold:
            return TaskState.objects.none()
        candidates = list(
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
            .select_related("workflow_state")
            .annotate(revision_author_id=F("revision__user"))
        )
        if user.is_superuser:
            return TaskState.objects.filter(pk__in=[state.pk for state in candidates])
        # A few queries whatever the number of steps: this runs for the admin home page.
        led_units = set(
            Person.objects.filter(user=user, is_leader=True, is_active=True).values_list(
                "unit_id", flat=True
            )
        )
        is_fallback_holder = user.pk in lead_division_head_ids()
        units = _review_unit_ids(candidates)
        heads_by_unit: dict[int, set[int]] = {}
        ids = []
        for task_state in candidates:
            unit_id = units.get(task_state.pk)
            if unit_id in led_units:
                ids.append(task_state.pk)  # a head of the unit, and not the author
            elif is_fallback_holder:
                if unit_id is not None and unit_id not in heads_by_unit:
                    heads_by_unit[unit_id] = unit_head_ids(unit_id=unit_id)
                heads = heads_by_unit.get(unit_id, set())
                excluded = {
                    task_state.workflow_state.requested_by_id,
                    task_state.revision_author_id,
                }
                if not heads - excluded:
                    ids.append(task_state.pk)
        return TaskState.objects.filter(pk__in=ids)

    @classmethod
    def get_description(cls):
        return _(
            "The heads of the article's authoring unit approve this step; nobody approves "
            "their own content."
        )


class LeaderApprovalTask(ReviewTaskMixin, AbstractGroupApprovalTask):
    """A group approval step (the Department's leaders) where nobody approves their own
    content. Managed under Settings → Workflow tasks."""

    class Meta:
        verbose_name = _("leader approval task")
        verbose_name_plural = _("leader approval tasks")

    def review_holder_ids(self, *, page, task_state: TaskState) -> set[int]:
        members = set(
            _active_users().filter(groups__in=self.groups.all()).values_list("pk", flat=True)
        )
        return members - review_excluded_user_ids(task_state)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
        )

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve this step; nobody approves their own content."
        )


class ReviewReminder(TimeStampedModel):
    """A reminder e-mailed about an overdue review step: at most one per step a day. Written
    by the hourly reminder job; not edited."""

    task_state = models.ForeignKey(
        TaskState,
        on_delete=models.CASCADE,
        related_name="portal_reminders",
        verbose_name=_("review step"),
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One a line."))

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "sent_on"], name="portal_one_review_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_state_id} {self.sent_on:%d/%m/%Y}"


@dataclass
class ReviewStep:
    """A step of a page's review as staff see it: who holds it, since when, due when."""

    task_state: TaskState
    page: Page
    holders: list
    due_at: datetime

    @property
    def since(self) -> datetime:
        return self.task_state.started_at

    @property
    def requested_by(self):
        return self.task_state.workflow_state.requested_by

    @property
    def is_overdue(self) -> bool:
        return (
            self.task_state.status == TaskState.STATUS_IN_PROGRESS and timezone.now() > self.due_at
        )


def review_holders(*, task_state: TaskState, page=None) -> list:
    """Who holds a step: our review tasks say; a Wagtail group task's holders are its groups'
    members."""
    task = task_state.task.specific
    page = page if page is not None else _specific(task_state.workflow_state.content_object)
    if isinstance(task, ReviewTaskMixin):
        return task.review_holders(page=page, task_state=task_state)
    if isinstance(task, AbstractGroupApprovalTask):
        return list(_active_users().filter(groups__in=task.groups.all()).distinct())
    return []


def review_step_describe(*, task_state: TaskState, page=None) -> ReviewStep:
    page = page if page is not None else _specific(task_state.workflow_state.content_object)
    return ReviewStep(
        task_state=task_state,
        page=page,
        holders=review_holders(task_state=task_state, page=page),
        due_at=review_due_at(task_state),
    )


def _pages_by_id(object_ids) -> dict[int, Page]:
    ids = {int(object_id) for object_id in object_ids}
    return {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}


def reviews_pending_for_user(*, user) -> list[ReviewStep]:
    """The steps waiting for this user's decision, oldest first."""
    states = list(
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__status=WorkflowState.STATUS_IN_PROGRESS)
        .select_related("workflow_state__requested_by__person", "task")
        .order_by("started_at")
    )
    pages = _pages_by_id(state.workflow_state.object_id for state in states)
    return [
        ReviewStep(task_state, page, [], review_due_at(task_state))
        for task_state in states
        if (page := pages.get(int(task_state.workflow_state.object_id))) is not None
    ]


def reviews_requested_by_user(*, user) -> list[ReviewStep]:
    """The user's submissions still in review, with who holds each now."""
    states = list(
        WorkflowState.objects.filter(
            requested_by=user,
            status=WorkflowState.STATUS_IN_PROGRESS,
            current_task_state__isnull=False,
        )
        .select_related("current_task_state__task", "current_task_state__revision")
        .defer("current_task_state__revision__content")
        .order_by("current_task_state__started_at")
    )
    pages = _pages_by_id(state.object_id for state in states)
    return [
        review_step_describe(task_state=state.current_task_state, page=page)
        for state in states
        if (page := pages.get(int(state.object_id))) is not None
    ]


def review_steps_for_page(*, page) -> list[ReviewStep]:
    """Every step of the page's current (or last) workflow, in order."""
    workflow_state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if workflow_state is None:
        return []
    states = (
        workflow_state.task_states.select_related("task", "revision", "finished_by")
        .exclude(status=TaskState.STATUS_CANCELLED)
        .order_by("started_at")
    )
    return [review_step_describe(task_state=state, page=page) for state in states]


def _admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send_reminder(*, user, step: ReviewStep) -> None:
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(user).get_preferred_language()
    context = {
        "user": user,
        "step": step,
        "page_title": step.page.get_admin_display_title(),
        "task_name": step.task_state.task.name,
        "since": f"{timezone.localtime(step.since, VIETNAM):%d/%m/%Y %H:%M}",
        "due": f"{timezone.localtime(step.due_at, VIETNAM):%d/%m/%Y %H:%M}",
        "edit_url": _admin_url(reverse("wagtailadmin_pages:edit", args=[step.page.pk])),
    }
    with translation.override(language):
        subject = render_to_string("portal/workflow/email/reminder_subject.txt", context)
        body = render_to_string("portal/workflow/email/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def review_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail the holders of every overdue review step not reminded today (Vietnam date);
    return the number of e-mails sent. Safe to run as often as wished."""
    now = now or timezone.now()
    today = timezone.localdate(now, VIETNAM)
    overdue = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            started_at__lte=now - review_period(),
        )
        .exclude(portal_reminders__sent_on=today)
        .select_related("workflow_state__requested_by", "revision", "task")
        .order_by("started_at")
    )
    sent = 0
    for task_state in overdue:
        task = task_state.task.specific
        page = task_state.workflow_state.content_object
        if not isinstance(task, ReviewTaskMixin) or page is None:
            continue
        step = review_step_describe(task_state=task_state, page=_specific(page))
        recipients = [user for user in step.holders if user.email]
        try:
            # Recorded before sending: two workers never both remind, and a failed send is
            # logged rather than retried every hour.
            with transaction.atomic():
                ReviewReminder.objects.create(
                    task_state=task_state,
                    sent_on=today,
                    recipients="\n".join(user.email for user in recipients),
                )
        except IntegrityError:
            continue
        for user in recipients:
            try:
                _send_reminder(user=user, step=step)
                sent += 1
            except Exception:
                logger.exception("Review reminder to %s failed", user.email)
    return sent


# Set-up: run by portal_setup (workflow and page permissions) and at start-up.

PAGE_PERMISSIONS = {
    "unit_staff": ("add", "change"),
    "editor": ("add", "change"),
    "leader": ("add", "change", "publish"),
    "system_admin": ("add", "bulk_delete", "change", "lock", "publish", "unlock"),
}
# Unit staff illustrate their own articles: they upload and choose images and documents.
UNIT_STAFF_COLLECTION_PERMISSIONS = {
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
}
WORKFLOW_ADMIN_PERMISSIONS = (
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
)


def _home_and_translations(home: Page) -> list[Page]:
    return [home, *home.get_translations()]


@transaction.atomic
def portal_workflow_setup(home: Page) -> Workflow:
    """Create the "Duyệt tin bài" workflow (unit head, then leaders) and assign it to the home
    page and its translations. Safe to run again: an existing workflow, its steps and any
    workflow an administrator assigned to the home page are kept as they are."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        unit_task = UnitHeadApprovalTask.objects.filter(name=UNIT_HEAD_TASK_NAME).first()
        if unit_task is None:
            unit_task = UnitHeadApprovalTask.objects.create(name=UNIT_HEAD_TASK_NAME)
        leader_task = LeaderApprovalTask.objects.filter(name=LEADER_TASK_NAME).first()
        if leader_task is None:
            leader_task = LeaderApprovalTask.objects.create(name=LEADER_TASK_NAME)
            leader_group, _created = Group.objects.get_or_create(name=role_get("leader").group_name)
            leader_task.groups.add(leader_group)
        WorkflowTask.objects.create(workflow=workflow, task=unit_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=leader_task, sort_order=1)
    for page in _home_and_translations(home):
        if not WorkflowPage.objects.filter(page=page).exists():
            WorkflowPage.objects.create(page=page, workflow=workflow)
    return workflow


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def portal_permissions_sync(home: Page) -> None:
    """Give each role its page permissions on the home page (and its translations), and unit
    staff the image and document permissions they need. Only ensures the listed permissions:
    ones an administrator added by hand are kept."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    pages = _home_and_translations(home)
    for role_code, actions in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role_get(role_code).group_name)
        for action in actions:
            permission = _permission(f"wagtailcore.{action}_page")
            for page in pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    unit_staff, _created = Group.objects.get_or_create(name=role_get("unit_staff").group_name)
    for name in sorted(UNIT_STAFF_COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=unit_staff, collection=root_collection, permission=_permission(name)
        )


def portal_workflow_ready() -> None:
    """Start-up registrations of the workflow: recurring jobs, role permissions and the e-mail
    to a unit head when a page reaches their step. Call from PortalConfig.ready(); safe to
    call more than once."""
    from lantoa.core.scheduling import register_recurring_job
    from lantoa.directory.roles import role_grant
    from lantoa.portal.tasks import publish_scheduled_pages, send_review_reminders

    # Every 30 seconds: the worker checks for due jobs every WORKER_HEARTBEAT_SECONDS (15),
    # so a page goes live or comes down at most ~45 seconds after its time.
    register_recurring_job(
        name="portal.publish_scheduled",
        task=publish_scheduled_pages,
        every=timedelta(seconds=30),
    )
    register_recurring_job(
        name="portal.review_reminders", task=send_review_reminders, every=timedelta(hours=1)
    )
    role_get("unit_staff").collection_permissions.update(UNIT_STAFF_COLLECTION_PERMISSIONS)
    role_grant("system_admin", *WORKFLOW_ADMIN_PERMISSIONS)
    _connect_notifications()


def _connect_notifications() -> None:
    from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
    from wagtail.signals import task_submitted

    class UnitHeadSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
        """Wagtail's "submitted for review" e-mail, sent to the unit heads holding the step."""

        notification = "submitted"

        def can_handle(self, instance, **kwargs):
            return isinstance(instance, TaskState) and isinstance(
                instance.task.specific, UnitHeadApprovalTask
            )

        def get_recipient_users(self, task_state, **kwargs):
            return review_holders(task_state=task_state)

    task_submitted.connect(
        UnitHeadSubmissionNotifier(),
        sender=TaskState,
        dispatch_uid="portal_unit_head_task_submitted_email",
        weak=False,
    )

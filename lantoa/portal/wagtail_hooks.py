"""Admin furniture of the portal's review workflow: page header buttons (review status,
preview links), the home page panels (review deadlines, publishing schedule and worker
warning) and the audit-log wording of preview-link actions."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from lantoa.portal import workflow_views
from lantoa.portal.previews import user_can_share_preview
from lantoa.portal.workflows import (
    VIETNAM,
    reviews_pending_for_user,
    reviews_requested_by_user,
)


@hooks.register("register_admin_urls")
def register_workflow_urls():
    return [
        path(
            "portal/pages/<int:page_id>/review/",
            workflow_views.ReviewStatusView.as_view(),
            name="portal_review_status",
        ),
        path(
            "portal/pages/<int:page_id>/preview-links/",
            workflow_views.PreviewLinksView.as_view(),
            name="portal_preview_links",
        ),
        path(
            "portal/pages/<int:page_id>/preview-links/<int:link_id>/revoke/",
            workflow_views.preview_link_revoke_view,
            name="portal_preview_link_revoke",
        ),
    ]


class ReviewStatusButton(PageMenuItem):
    label = _("Review status")
    icon_name = "tasks"
    url_name = "portal_review_status"

    def is_shown(self, user):
        return self.page.has_workflow and user_can_share_preview(page=self.page, user=user)


class PreviewLinksButton(PageMenuItem):
    label = _("Preview links")
    icon_name = "link"
    url_name = "portal_preview_links"

    def is_shown(self, user):
        return (
            not self.page.is_root()
            and self.page.is_previewable()
            and user_can_share_preview(page=self.page, user=user)
        )


@hooks.register("register_page_header_buttons")
def page_header_workflow_buttons(page, user, view_name, next_url=None):
    yield ReviewStatusButton(page=page, priority=66)
    yield PreviewLinksButton(page=page, priority=67)


@hooks.register("register_page_listing_more_buttons")
def page_listing_workflow_buttons(page, user, next_url=None):
    yield PreviewLinksButton(page=page, priority=55)


def _edits_pages(user) -> bool:
    return policy_registry.get_by_type(Page).user_has_any_permission(
        user, ["add", "change", "publish"]
    )


class ReviewDeadlinesPanel(Component):
    """The steps waiting for the user, and the user's own submissions with who holds them,
    each with since when and its due date (Vietnam time); overdue ones highlighted."""

    name = "portal_review_deadlines"
    template_name = "portal/workflow/home_reviews_panel.html"
    order = 60

    def __init__(self, *, pending, submitted):
        self.pending = pending
        self.submitted = submitted

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(pending=self.pending, submitted=self.submitted, vietnam=VIETNAM)
        return context


class PublishingSchedulePanel(Component):
    """A warning when the worker is down (nothing scheduled will happen), and the next
    scheduled publications and expiries, in Vietnam time."""

    name = "portal_publishing_schedule"
    template_name = "portal/workflow/home_schedule_panel.html"
    order = 40

    def __init__(self, *, worker_down: bool, to_publish, to_expire):
        self.worker_down = worker_down
        self.to_publish = to_publish
        self.to_expire = to_expire

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            worker_down=self.worker_down,
            to_publish=self.to_publish,
            to_expire=self.to_expire,
            vietnam=VIETNAM,
        )
        return context


@hooks.register("construct_homepage_panels")
def add_workflow_panels(request, panels):
    from lantoa.core.worker import worker_heartbeat_latest_alive

    user = request.user
    pending = reviews_pending_for_user(user=user)
    submitted = reviews_requested_by_user(user=user)
    if pending or submitted:
        panels.append(ReviewDeadlinesPanel(pending=pending, submitted=submitted))

    if not _edits_pages(user):
        return
    to_publish = list(
        Revision.objects.page_revisions()
        .filter(approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")[:5]
    )
    to_expire = list(
        Page.objects.filter(live=True, expire_at__gt=timezone.now()).order_by("expire_at")[:5]
    )
    worker_down = worker_heartbeat_latest_alive() is None
    if worker_down or to_publish or to_expire:
        panels.append(
            PublishingSchedulePanel(
                worker_down=worker_down, to_publish=to_publish, to_expire=to_expire
            )
        )


@hooks.register("register_log_actions")
def register_preview_link_actions(actions):
    @actions.register_action("portal.preview_link.create")
    class PreviewLinkCreated(LogFormatter):
        label = _("Create preview link")

        def format_message(self, log_entry):
            label = (log_entry.data or {}).get("label")
            if label:
                return _("Preview link created for %(label)s") % {"label": label}
            return _("Preview link created")

    @actions.register_action("portal.preview_link.revoke")
    class PreviewLinkRevoked(LogFormatter):
        label = _("Revoke preview link")

        def format_message(self, log_entry):
            label = (log_entry.data or {}).get("label")
            if label:
                return _("Preview link for %(label)s revoked") % {"label": label}
            return _("Preview link revoked")

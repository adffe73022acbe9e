from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lantoa.plans import views
from lantoa.plans.models import Measurement, TaskProgress
from lantoa.plans.selectors import progress_for_user


class AppendOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records that are history: they can be added and read, never changed or deleted."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ScopedProgressObjectMixin:
    """Views of one report: another unit's report is not found."""

    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(progress_for_user(user=self.request.user), pk=self.kwargs["pk"])


class ProgressIndexView(generic.IndexView):
    # Only the base queryset is scoped, so the listing's filters, search and ordering apply.
    def get_base_queryset(self):
        return progress_for_user(user=self.request.user)


class ProgressInspectView(ScopedProgressObjectMixin, generic.InspectView):
    template_name = "plans/admin/progress_inspect.html"


class ProgressHistoryView(ScopedProgressObjectMixin, generic.HistoryView):
    pass


class ProgressUsageView(ScopedProgressObjectMixin, generic.UsageView):
    pass


class AppendOnlyViewSet(ModelViewSet):
    """Listing and inspecting history records; adding through the app's own form view
    (`add_form_view`); no editing or deleting (the edit URL shows the record instead)."""

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["note"]  # never edited: the add view has its own form
    add_form_view: type

    def get_urlpatterns(self):
        kept = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("add", "edit", "delete")
        ]
        return [
            *kept,
            path("new/", self.add_form_view.as_view(), name="add"),
            path("edit/<str:pk>/", self.inspect_view, name="edit"),
        ]


class TaskProgressViewSet(AppendOnlyViewSet):
    model = TaskProgress
    icon = "tasks"
    menu_label = _("Task progress")
    index_view_class = ProgressIndexView
    inspect_view_class = ProgressInspectView
    history_view_class = ProgressHistoryView
    usage_view_class = ProgressUsageView
    list_display = ["node", "unit", "status", "reported_by", "created_at"]
    list_filter = ["status", "unit"]
    search_fields = ["note"]
    inspect_view_fields = ["node", "unit", "status", "note", "reported_by", "created_at"]
    add_form_view = views.ProgressCreateView


class MeasurementViewSet(AppendOnlyViewSet):
    model = Measurement
    icon = "edit"
    menu_label = _("Target values")
    list_display = ["target", "value", "measured_on", "entered_by", "created_at"]
    list_filter = ["target__plan", "target"]
    inspect_view_fields = ["target", "value", "measured_on", "entered_by", "evidence_url", "note"]
    add_form_view = views.MeasurementCreateView


register_permission_policy(TaskProgress, AppendOnlyPermissionPolicy(TaskProgress))
register_permission_policy(Measurement, AppendOnlyPermissionPolicy(Measurement))

progress_viewset = TaskProgressViewSet("plans_progress", url_prefix="plans/progress")
measurement_viewset = MeasurementViewSet("plans_measurements", url_prefix="plans/measurements")


@hooks.register("register_admin_viewset")
def register_plan_viewsets():
    return [progress_viewset, measurement_viewset]


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [
        path("plans/dashboard/", views.DashboardView.as_view(), name="plans_dashboard"),
        path(
            "plans/task/<int:pk>/report/",
            views.progress_task_redirect,
            name="plans_progress_for_task",
        ),
        path(
            "plans/evidence/measurement/<int:pk>/",
            views.measurement_evidence_download,
            name="plans_measurement_evidence",
        ),
        path(
            "plans/evidence/progress/<int:pk>/",
            views.progress_evidence_download,
            name="plans_progress_evidence",
        ),
        path("plans/doc/<slug:code>/", views.PlanDocumentView.as_view(), name="plans_document"),
        path("plans/doc/<slug:code>/export.xlsx", views.plan_export, name="plans_export"),
        path(
            "plans/doc/<slug:code>/targets/<str:target>/",
            views.TargetDetailView.as_view(),
            name="plans_target",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class LazyUrlMenuItem(PermissionMenuItem):
    """A menu item whose URL needs the database (the current plan), resolved per request.

    Menu items are shared between requests, so the URL is passed to the rendered component
    rather than stored on the item."""

    def __init__(self, *args, url_factory, **kwargs):
        super().__init__(*args, url="", **kwargs)
        self.url_factory = url_factory

    def render_component(self, request):
        return LinkMenuItemComponent(
            self.name,
            self.label,
            self.url_factory(),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


def _document_url():
    from lantoa.plans.selectors import plan_default

    plan = plan_default()
    return reverse("plans_document", args=[plan.code]) if plan else reverse("plans_dashboard")


@hooks.register("register_admin_menu_item")
def register_plans_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                pgettext_lazy("plans", "Dashboard"),
                reverse("plans_dashboard"),
                name="plans-dashboard",
                icon_name="table",
                order=100,
                permission="plans.view_plan",
            ),
            LazyUrlMenuItem(
                _("Plan document"),
                name="plans-document",
                icon_name="doc-full",
                order=200,
                permission="plans.view_plan",
                url_factory=_document_url,
            ),
            PermissionMenuItem(
                _("Task progress"),
                reverse("plans_progress:index"),
                name="plans-progress",
                icon_name="tasks",
                order=300,
                permission="plans.view_taskprogress",
            ),
            PermissionMenuItem(
                _("Target values"),
                reverse("plans_measurements:index"),
                name="plans-measurements",
                icon_name="edit",
                order=400,
                permission="plans.view_measurement",
            ),
        ]
    )
    return SubmenuMenuItem(_("Plan"), menu, name="plans", icon_name="table", order=150)


class PlanTargetsPanel(Component):
    """The plan's targets at a glance on the admin home page, for those who read plans."""

    name = "plan_targets"
    template_name = "plans/admin/home_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from django.utils import timezone

        from lantoa.plans.evaluation import target_evaluate
        from lantoa.plans.selectors import plan_default, plan_targets

        context = super().get_context_data(parent_context)
        plan = plan_default()
        context["plan"] = plan
        if plan is not None:
            today = timezone.localdate()
            context["evaluations"] = [
                target_evaluate(target=target, as_of=today) for target in plan_targets(plan=plan)
            ]
        return context


@hooks.register("construct_homepage_panels")
def add_plan_targets_panel(request, panels):
    if request.user.has_perm("plans.view_plan"):
        panels.insert(0, PlanTargetsPanel())

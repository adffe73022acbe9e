"""Plan screens: the staff dashboard, target drill-down, progress, measurements, export, and
the public summary. Views stay thin: selectors read, services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.worker import worker_heartbeat_latest_alive
from lantoa.directory.selectors import units_for_user, user_sees_all_units, user_unit
from lantoa.plans import selectors, services
from lantoa.plans.evaluation import target_evaluate
from lantoa.plans.exports import plan_export_xlsx
from lantoa.plans.forms import MeasurementForm, TaskProgressForm
from lantoa.plans.indicators import IndicatorContext, indicator_get
from lantoa.plans.models import Measurement, Plan, PlanNode, ProgressEvidence


def _plan_from_request(request, code: str | None = None) -> Plan:
    code = code or request.GET.get("plan")
    if code:
        return selectors.plan_get(code=code)
    plan = selectors.plan_default()
    if plan is None:
        raise Http404(_("No plan has been loaded yet."))
    return plan


class TitledAdminPageMixin(WagtailAdminTemplateMixin):
    """Wagtail admin furniture with the page's own title as the last breadcrumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]


class PlanPermissionMixin:
    permission_required = "plans.view_plan"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(PlanPermissionMixin, TitledAdminPageMixin, TemplateView):
    template_name = "plans/admin/dashboard.html"
    page_title = gettext_lazy("Plan dashboard")
    header_icon = "table"

    def get_page_subtitle(self):
        return self.plan.number_and_symbol

    def get(self, request, *args, **kwargs):
        self.plan = _plan_from_request(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = selectors.plan_dashboard(plan=self.plan, as_of=timezone.localdate())
        context.update(
            dashboard=dashboard,
            plan=self.plan,
            plans=selectors.plans_active(),
            sees_all=user_sees_all_units(self.request.user),
            my_unit_id=getattr(user_unit(self.request.user), "pk", None),
            worker_down=worker_heartbeat_latest_alive() is None,
            recent_progress=selectors.progress_for_user(user=self.request.user).filter(
                node__plan=self.plan
            )[:10],
        )
        return context


class PlanDocumentView(PlanPermissionMixin, TitledAdminPageMixin, TemplateView):
    template_name = "plans/admin/document.html"
    page_title = gettext_lazy("Plan")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        self.plan = _plan_from_request(request, kwargs["code"])
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.plan.number_and_symbol

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Reports carry their notes here: a unit reads only its own, like everywhere else.
        user = self.request.user
        latest = selectors.progress_latest(
            plan=self.plan,
            units=None if user_sees_all_units(user) else units_for_user(user=user),
        )
        by_node: dict[int, list] = {}
        for (node_id, _unit_id), progress in latest.items():
            by_node.setdefault(node_id, []).append(progress)
        context.update(
            plan=self.plan,
            nodes=selectors.plan_nodes(plan=self.plan),
            progress_by_node=by_node,
            revisions=self.plan.revisions.all()[:10],
        )
        return context


class TargetDetailView(PlanPermissionMixin, TitledAdminPageMixin, TemplateView):
    """A target's figure opened onto the records behind it."""

    template_name = "plans/admin/target.html"
    page_title = gettext_lazy("Target")
    header_icon = "pick"

    def get(self, request, *args, **kwargs):
        self.plan = _plan_from_request(request, kwargs["code"])
        self.target = selectors.target_get(plan=self.plan, code=kwargs["target"])
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.target.code} — {self.plan.number_and_symbol}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = timezone.localdate()
        evaluation = target_evaluate(target=self.target, as_of=as_of, with_trend=True)
        indicator = indicator_get(self.target.indicator_key)
        records = []
        if indicator is not None and indicator.records is not None:
            records = indicator.records(
                IndicatorContext(plan=self.plan, target=self.target, as_of=as_of)
            )
        context.update(
            plan=self.plan,
            target=self.target,
            evaluation=evaluation,
            indicator=indicator,
            records=records,
            measurements=self.target.measurements.select_related("entered_by"),
            can_record=(
                indicator is None and self.request.user.has_perm("plans.record_measurement")
            ),
        )
        return context


class ProgressCreateView(TitledAdminPageMixin, FormView):
    template_name = "plans/admin/record_form.html"
    form_class = TaskProgressForm
    submit_label = gettext_lazy("Save progress")
    page_title = gettext_lazy("Report progress")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("plans.add_taskprogress"):
            raise PermissionDenied
        self.plan = _plan_from_request(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("task"):
            initial["task"] = self.request.GET["task"]
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "plan": self.plan}

    def form_valid(self, form):
        evidence = [
            services.EvidenceInput(title=title, url=url) for title, url in form.evidence_links()
        ]
        if form.cleaned_data.get("evidence_file"):
            evidence.append(services.EvidenceInput(file=form.cleaned_data["evidence_file"]))
        try:
            services.task_progress_post(
                actor=self.request.user,
                node=form.cleaned_data["task"],
                unit=form.cleaned_data["unit"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                evidence=evidence,
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Progress recorded."))
        return redirect("plans_progress:index")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "plan": self.plan,
            "submit_label": self.submit_label,
        }


class MeasurementCreateView(TitledAdminPageMixin, FormView):
    template_name = "plans/admin/record_form.html"
    form_class = MeasurementForm
    submit_label = gettext_lazy("Save value")
    page_title = gettext_lazy("Enter a target value")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("plans.record_measurement"):
            raise PermissionDenied
        self.plan = _plan_from_request(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {"measured_on": timezone.localdate()}
        if self.request.GET.get("target"):
            target = self.plan.targets.filter(code=self.request.GET["target"]).first()
            if target is not None:
                initial["target"] = target.pk
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            measurement = services.measurement_record(
                actor=self.request.user,
                target=data["target"],
                value=data["value"],
                measured_on=data["measured_on"],
                evidence_file=data.get("evidence_file"),
                evidence_url=data.get("evidence_url") or "",
                note=data.get("note") or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Value recorded."))
        return redirect("plans_target", code=self.plan.code, target=measurement.target.code)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "plan": self.plan,
            "submit_label": self.submit_label,
        }


def plan_export(request, code: str):
    if not request.user.has_perm("plans.view_plan"):
        raise PermissionDenied
    plan = selectors.plan_get(code=code)
    today = timezone.localdate()
    content = plan_export_xlsx(plan=plan, as_of=today, user=request.user)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"ke-hoach-{plan.number}-{plan.symbol}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_control(max_age=60)
def public_plan_list(request):
    return TemplateResponse(
        request, "plans/public/plan_list.html", {"plans": selectors.plans_active()}
    )


@cache_control(max_age=60)
def public_plan_summary(request, code: str):
    plan = selectors.plan_get(code=code)
    dashboard = selectors.plan_dashboard(plan=plan, as_of=timezone.localdate())
    groups = [node for node in selectors.plan_nodes(plan=plan) if node.kind == "task_group"]
    return TemplateResponse(
        request,
        "plans/public/plan_summary.html",
        {"plan": plan, "dashboard": dashboard, "groups": groups},
    )


def progress_task_redirect(request, pk: int):
    """From a task in the document to the progress form for it."""
    node = get_object_or_404(PlanNode, pk=pk)
    return redirect(f"{reverse('plans_progress:add')}?plan={node.plan.code}&task={node.pk}")


def measurement_evidence_download(request, pk: int):
    if not request.user.has_perm("plans.view_measurement"):
        raise PermissionDenied
    measurement = get_object_or_404(Measurement, pk=pk)
    if not measurement.evidence_file:
        raise Http404
    return FileResponse(measurement.evidence_file.open("rb"), as_attachment=True)


def progress_evidence_download(request, pk: int):
    evidence = get_object_or_404(ProgressEvidence, pk=pk, file__gt="")
    # Reading the progress through the scoped selector applies the unit rule.
    selectors.progress_get_for_user(user=request.user, progress_id=evidence.progress_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True)

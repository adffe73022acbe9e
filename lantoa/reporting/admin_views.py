"""Admin screens of periodic reporting (Báo cáo định kỳ). Views stay thin: selectors decide
who may see what, services write, documents export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.official_documents import DocumentConversionFailed
from lantoa.directory.models import Unit
from lantoa.directory.selectors import user_unit
from lantoa.plans.selectors import plan_default
from lantoa.reporting import documents, selectors, services
from lantoa.reporting.calendar import (
    ad_hoc_request_create,
    half_year_periods_ensure,
    reporting_units,
)
from lantoa.reporting.consolidated import (
    consolidated_report_open,
    consolidated_report_save,
    target_evaluations,
)
from lantoa.reporting.content import (
    content_localised,
    section_has_content,
)
from lantoa.reporting.forms import (
    AdHocRequestForm,
    AttachmentForm,
    ConsolidatedReportForm,
    ReviewForm,
    UnitReportForm,
)
from lantoa.reporting.models import ConsolidatedReport, ReportStatus, UnitReport

MENU_LABEL = gettext_lazy("Periodic reports")


class ReportingPageMixin(WagtailAdminTemplateMixin):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("reporting.view_unitreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("reporting:index"), "label": MENU_LABEL}]
        period = getattr(self, "period", None)
        if period is not None and selectors.user_reads_all_reports(self.request.user):
            items.append(
                {"url": reverse("reporting:period", args=[period.code]), "label": period.heading}
            )
        elif period is not None:
            items.append({"url": "", "label": period.heading})
        items.append({"url": "", "label": self.get_page_title()})
        return [*self.breadcrumbs_items, *items]


def _file_response(data: bytes, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- periods -------------------------------------------------------------------------------------


class PeriodIndexView(ReportingPageMixin, TemplateView):
    template_name = "reporting/admin/index.html"
    page_title = MENU_LABEL

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": MENU_LABEL}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = plan_default()
        if plan is not None:
            half_year_periods_ensure(plan=plan)
        periods = list(selectors.periods_for_user(user=user))
        unit = user_unit(user)
        own_reports = {}
        if unit is not None:
            own_reports = {
                report.period_id: report
                for report in UnitReport.objects.filter(unit=unit, period__in=periods)
            }
        rows = []
        today = timezone.localdate()
        for period in periods:
            board = (
                selectors.period_board(period=period, today=today)
                if selectors.user_reads_all_reports(user)
                else []
            )
            rows.append(
                {
                    "period": period,
                    "own_report": own_reports.get(period.pk),
                    "asked": unit is not None and period.units.filter(pk=unit.pk).exists(),
                    "submitted": sum(
                        row.state in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
                        for row in board
                    ),
                    "late": sum(
                        row.is_late and row.state != ReportStatus.ACCEPTED for row in board
                    ),
                    "total": len(board),
                }
            )
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "unit": unit,
            "reads_all": selectors.user_reads_all_reports(user),
            "may_request": user.has_perm("reporting.add_reportingperiod"),
            "today": today,
        }


class PeriodBoardView(ReportingPageMixin, TemplateView):
    """Where every unit's report stands: submitted, late or missing."""

    template_name = "reporting/admin/board.html"

    def dispatch(self, request, *args, **kwargs):
        self.period = selectors.period_get_for_user(user=request.user, code=kwargs["code"])
        if not selectors.user_reads_all_reports(request.user):
            unit = user_unit(request.user)
            if unit is None:
                raise Http404
            return redirect("reporting:unit_report", self.period.code, unit.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Status of the units' reports")

    def get_page_subtitle(self):
        return self.period.heading

    def get_context_data(self, **kwargs):
        board = selectors.period_board(period=self.period)
        consolidated = ConsolidatedReport.objects.filter(period=self.period).first()
        return {
            **super().get_context_data(**kwargs),
            "period": self.period,
            "board": board,
            "consolidated": consolidated,
            "may_consolidate": selectors.user_may_consolidate(self.request.user),
            "counts": {
                "submitted": sum(
                    row.state in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED) for row in board
                ),
                "accepted": sum(row.state == ReportStatus.ACCEPTED for row in board),
                "late": sum(row.is_late for row in board),
                "missing": sum(row.state == selectors.BoardState.MISSING for row in board),
            },
        }


class AdHocRequestView(ReportingPageMixin, FormView):
    template_name = "reporting/admin/ad_hoc_form.html"
    form_class = AdHocRequestForm
    page_title = gettext_lazy("New ad-hoc report request")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("reporting.add_reportingperiod"):
            raise PermissionDenied
        self.plan = plan_default()
        if self.plan is None:
            raise Http404(_("No plan has been loaded yet."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": reporting_units(self.plan)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            period = ad_hoc_request_create(plan=self.plan, user=self.request.user, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The request “%(title)s” was sent to %(count)s units.")
            % {"title": period.heading, "count": period.units.count()},
        )
        return redirect("reporting:period", period.code)


# --- a unit's report -----------------------------------------------------------------------------


class UnitReportView(ReportingPageMixin, TemplateView):
    """A unit's report: its staff write and submit it; the lead division returns or accepts it;
    leaders read it. `?version=N` shows a submitted version as it was."""

    template_name = "reporting/admin/unit_report.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.period = selectors.period_get_for_user(user=user, code=kwargs["code"])
        self.unit = get_object_or_404(self.period.units.all(), pk=kwargs["unit_id"])
        if not selectors.user_may_read_report(user, self.unit):
            raise Http404
        self.may_write = selectors.user_may_write_report(user, self.unit)
        self.report = UnitReport.objects.filter(period=self.period, unit=self.unit).first()
        if self.report is None and self.may_write:
            self.report = services.unit_report_open(period=self.period, unit=self.unit, user=user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.unit.name

    def get_page_subtitle(self):
        return self.period.heading

    def _form(self, data=None, files=None):
        sections = list(self.report.sections.select_related("task").order_by("position"))
        return UnitReportForm(data, instance=self.report, sections=sections)

    def get_context_data(self, form=None, review_form=None, attachment_form=None, **kwargs):
        report = self.report
        context = super().get_context_data(**kwargs)
        context.update(
            period=self.period,
            unit=self.unit,
            report=report,
            may_write=bool(report and self.may_write and report.is_with_unit),
            may_review=bool(
                report
                and report.status == ReportStatus.SUBMITTED
                and selectors.user_may_review(self.request.user)
            ),
            formats=documents.FORMATS,
        )
        if report is None:
            return context
        version_number = self.request.GET.get("version")
        version = None
        if version_number and version_number.isdigit():
            version = report.versions.filter(number=int(version_number)).first()
        if version is not None:
            content = content_localised(version.content)
        else:
            # Live for a draft or a returned report; as submitted otherwise.
            content = services.unit_report_accepted_content(report)
        sections = content["sections"]
        context.update(
            version=version,
            versions=report.versions.select_related("submitted_by"),
            content=content,
            printed_sections=[section for section in sections if section_has_content(section)],
            section_outputs={
                section["task_id"]: [output for output in section["outputs"] if output["total"]]
                for section in sections
            },
            form=form or (self._form() if context["may_write"] and version is None else None),
            review_form=review_form or ReviewForm(),
            attachment_form=attachment_form or AttachmentForm(),
            attachments=report.attachments.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.report is None:
            raise Http404
        action = request.POST.get("action")
        if action in ("save", "submit"):
            return self._write(action)
        if action in ("return", "accept"):
            return self._review(action)
        if action == "attach":
            return self._attach()
        if action == "detach":
            return self._detach()
        raise Http404

    def _back(self):
        return redirect("reporting:unit_report", self.period.code, self.unit.pk)

    def _write(self, action):
        form = self._form(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("The report was not saved: correct what is marked."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            with transaction.atomic():
                report = services.unit_report_save(
                    report=self.report,
                    user=self.request.user,
                    revision=form.cleaned_data["revision"],
                    fields=form.narrative(),
                    activities=form.activities(),
                )
                if action == "submit":
                    services.unit_report_submit(
                        report=report, user=self.request.user, revision=report.revision
                    )
        except services.ReportConflict as conflict:
            form.add_error(None, str(conflict))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as error:
            for field, problems in _error_items(error):
                form.add_error(field if field in form.fields else None, problems)
            return self.render_to_response(self.get_context_data(form=form))
        if action == "submit":
            messages.success(self.request, _("The report was submitted to the lead division."))
        else:
            messages.success(self.request, _("The report was saved."))
        return self._back()

    def _review(self, action):
        review_form = ReviewForm(self.request.POST)
        review_form.is_valid()
        try:
            if action == "return":
                services.unit_report_return(
                    report=self.report,
                    user=self.request.user,
                    comment=review_form.cleaned_data.get("comment", ""),
                )
                messages.success(self.request, _("The report was returned to the unit."))
            else:
                services.unit_report_accept(report=self.report, user=self.request.user)
                messages.success(self.request, _("The report was accepted."))
        except ValidationError as error:
            for field, problems in _error_items(error):
                review_form.add_error(field if field in review_form.fields else None, problems)
            return self.render_to_response(self.get_context_data(review_form=review_form))
        return self._back()

    def _attach(self):
        if not (self.may_write and self.report.is_with_unit):
            raise PermissionDenied
        attachment_form = AttachmentForm(self.request.POST, self.request.FILES)
        if not attachment_form.is_valid():
            return self.render_to_response(self.get_context_data(attachment_form=attachment_form))
        attachment = attachment_form.save(commit=False)
        attachment.report = self.report
        attachment.uploaded_by = self.request.user
        attachment.save()
        messages.success(self.request, _("The file was attached."))
        return self._back()

    def _detach(self):
        if not (self.may_write and self.report.is_with_unit):
            raise PermissionDenied
        attachment = get_object_or_404(
            self.report.attachments, pk=self.request.POST.get("attachment")
        )
        attachment.file.delete(save=False)
        attachment.delete()
        messages.success(self.request, _("The attachment was removed."))
        return self._back()


def _error_items(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(field, problems) for field, problems in error.message_dict.items()]
    return [(None, error.messages)]


class UnitReportExportView(View):
    def get(self, request, code, unit_id, file_format):
        if file_format not in documents.FORMATS:
            raise Http404
        period = selectors.period_get_for_user(user=request.user, code=code)
        unit = get_object_or_404(Unit, pk=unit_id)
        if not selectors.user_may_read_report(request.user, unit):
            raise Http404
        report = get_object_or_404(UnitReport, period=period, unit=unit)
        try:
            data = documents.unit_report_file(report, file_format)
        except DocumentConversionFailed as error:
            messages.error(request, str(error))
            return redirect("reporting:unit_report", period.code, unit.pk)
        return _file_response(
            data, documents.unit_report_filename(report, file_format), file_format
        )


class AttachmentDownloadView(View):
    def get(self, request, code, unit_id, attachment_id):
        period = selectors.period_get_for_user(user=request.user, code=code)
        unit = get_object_or_404(Unit, pk=unit_id)
        if not selectors.user_may_read_report(request.user, unit):
            raise Http404
        report = get_object_or_404(UnitReport, period=period, unit=unit)
        attachment = get_object_or_404(report.attachments, pk=attachment_id)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.file.name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- the consolidated report ---------------------------------------------------------------------


class ConsolidatedReportView(ReportingPageMixin, FormView):
    template_name = "reporting/admin/consolidated.html"
    form_class = ConsolidatedReportForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not user.has_perm("reporting.view_consolidatedreport"):
            raise PermissionDenied
        self.period = selectors.period_get_for_user(user=user, code=kwargs["code"])
        self.may_edit = selectors.user_may_consolidate(user)
        report = ConsolidatedReport.objects.filter(period=self.period).first()
        if report is None and self.may_edit:
            report = consolidated_report_open(period=self.period, user=user)
        if report is None:
            raise Http404
        self.report = report
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Consolidated report")

    def get_page_subtitle(self):
        return self.period.heading

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.report}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = selectors.period_board(period=self.period)
        context.update(
            period=self.period,
            report=self.report,
            may_edit=self.may_edit,
            evaluations=target_evaluations(self.period),
            accepted=[row for row in board if row.state == ReportStatus.ACCEPTED],
            not_accepted=[row for row in board if row.state != ReportStatus.ACCEPTED],
            formats=documents.FORMATS,
            report_sections=[
                (ConsolidatedReport._meta.get_field(name).verbose_name, getattr(self.report, name))
                for name in ("overview", "results", "limitations", "next_tasks", "proposals")
            ],
        )
        return context

    def form_valid(self, form):
        if not self.may_edit:
            raise PermissionDenied
        try:
            consolidated_report_save(
                report=self.report,
                user=self.request.user,
                revision=form.cleaned_data["revision"],
                fields=form.fields_data(),
            )
        except services.ReportConflict as conflict:
            form.add_error(None, str(conflict))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("The consolidated report was saved."))
        return redirect("reporting:consolidated", self.period.code)

    def form_invalid(self, form):
        messages.error(self.request, _("The report was not saved: correct what is marked."))
        return super().form_invalid(form)


class ConsolidatedExportView(View):
    def get(self, request, code, file_format):
        if file_format not in documents.FORMATS:
            raise Http404
        if not request.user.has_perm("reporting.view_consolidatedreport"):
            raise PermissionDenied
        period = selectors.period_get_for_user(user=request.user, code=code)
        report = get_object_or_404(ConsolidatedReport, period=period)
        try:
            data = documents.consolidated_file(report, file_format)
        except DocumentConversionFailed as error:
            messages.error(request, str(error))
            return redirect("reporting:consolidated", period.code)
        return _file_response(
            data, documents.consolidated_filename(report, file_format), file_format
        )

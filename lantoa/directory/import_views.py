"""Admin screens for importing units and staff: upload → preview → commit.

The rows read from the file wait in the session (as JSON, under a random token) between the
preview and the commit; the commit checks them again, so a preview left open for a while cannot
write stale decisions.
"""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.directory.imports import (
    MAX_ROWS,
    ImportFileRejected,
    ImportKind,
    ImportPreview,
    ImportRejected,
    directory_import_commit,
    directory_import_parse,
    directory_import_template,
    user_can_import,
)

SESSION_KEY = "directory_import"
# Previews kept per session; an older one is dropped when a new file is uploaded.
SESSION_KEEP = 3
TEMPLATE_FILE_NAMES = {
    ImportKind.UNITS: "mau-nhap-don-vi.xlsx",
    ImportKind.PEOPLE: "mau-nhap-can-bo.xlsx",
}
LISTING_URL_NAMES = {ImportKind.UNITS: "unit:index", ImportKind.PEOPLE: "person:index"}
MENU_LABEL = pgettext_lazy("directory menu", "Import")


class DirectoryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file lists"),
        choices=ImportKind.choices,
        initial=ImportKind.UNITS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) or a CSV file in UTF-8, at most 5 MB and %(max)s rows."
        ) % {"max": number_format(MAX_ROWS, force_grouping=True)}


class ImportPermissionMixin:
    """Only holders of the import permission; others get a plain 403, not the admin redirect."""

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class ImportBreadcrumbsMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = MENU_LABEL

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("directory_import:form"), "label": MENU_LABEL},
        ]


def _stored_previews(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _store_preview(request, preview: ImportPreview) -> str:
    token = secrets.token_urlsafe(16)
    stored = _stored_previews(request)
    for old_token in list(stored)[: max(0, len(stored) - SESSION_KEEP + 1)]:
        del stored[old_token]
    stored[token] = preview.to_json()
    request.session[SESSION_KEY] = stored
    return token


def _forget_preview(request, token: str) -> None:
    stored = _stored_previews(request)
    stored.pop(token, None)
    request.session[SESSION_KEY] = stored


class DirectoryImportFormView(ImportPermissionMixin, ImportBreadcrumbsMixin, FormView):
    template_name = "directory/import_form.html"
    form_class = DirectoryImportForm

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in ImportKind.values else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("directory_import:form"),
            submit_button_label=_("Check the file"),
            submit_button_active_label=_("Checking…"),
            templates=[
                (label, reverse("directory_import:template", args=[kind]))
                for kind, label in ImportKind.choices
            ],
        )
        return context

    def form_valid(self, form):
        try:
            preview = directory_import_parse(
                kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"]
            )
        except ImportFileRejected as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        token = _store_preview(self.request, preview)
        return redirect("directory_import:preview", token=token)


class DirectoryImportPreviewView(ImportPermissionMixin, ImportBreadcrumbsMixin, TemplateView):
    template_name = "directory/import_preview.html"
    page_subtitle = gettext_lazy("Preview")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_subtitle}]

    def get_preview(self) -> ImportPreview | None:
        data = _stored_previews(self.request).get(self.kwargs["token"])
        return None if data is None else ImportPreview.from_json(data)

    def expired(self):
        messages.warning(
            self.request, _("This import is no longer available; upload the file again.")
        )
        return redirect("directory_import:form")

    def get_context_data(self, *, preview: ImportPreview, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            preview=preview,
            errors=preview.all_errors if errors is None else errors,
            columns=preview.columns,
            rows=[
                (row, [row.values.get(column.field, "") for column in preview.columns])
                for row in preview.rows
            ],
            can_commit=preview.is_valid and errors is None and bool(preview.rows),
            kind_label=ImportKind(preview.kind).label,
            restart_url=reverse("directory_import:form") + f"?kind={preview.kind}",
        )
        return context

    def get(self, request, *args, **kwargs):
        preview = self.get_preview()
        if preview is None:
            return self.expired()
        return self.render_to_response(self.get_context_data(preview=preview))

    def post(self, request, *args, **kwargs):
        preview = self.get_preview()
        if preview is None:
            return self.expired()
        try:
            result = directory_import_commit(actor=request.user, preview=preview)
        except ImportRejected as rejected:
            messages.error(request, _("Nothing was imported: the file has errors."))
            return self.render_to_response(
                self.get_context_data(preview=preview, errors=rejected.errors)
            )
        _forget_preview(request, self.kwargs["token"])
        messages.success(
            request,
            _("Import finished: %(created)s created, %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(LISTING_URL_NAMES[result.kind])


class DirectoryImportTemplateView(ImportPermissionMixin, View):
    def get(self, request, kind: str):
        if kind not in ImportKind.values:
            raise Http404
        response = HttpResponse(
            directory_import_template(kind=kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAMES[kind]}"'
        return response


urlpatterns = [
    path("", DirectoryImportFormView.as_view(), name="form"),
    path("template/<str:kind>/", DirectoryImportTemplateView.as_view(), name="template"),
    path("<str:token>/", DirectoryImportPreviewView.as_view(), name="preview"),
]

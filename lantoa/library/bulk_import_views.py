"""The bulk import screens ("Nhập hàng loạt"): a ZIP archive and its manifest → preview of every
row → import → per-row report (on screen and as XLSX). The work is done by
lantoa/library/bulk_import.py; these views keep the steps together.

The archive is sent in chunks to the resumable upload endpoints (upload_views.py) by the page's
script, so a large archive costs the server little memory and survives a network error; without
JavaScript it is sent with the form, up to DIRECT_UPLOAD_MAX_BYTES. Either way it waits, as an
upload session's file under settings.LIBRARY_UPLOAD_DIR, between the preview and the import,
and is deleted when the import ends, when the user cancels, when it is refused, or by the
clean-up job once left idle. The manifest's cells and the choices wait in the session under a
random token; the import checks everything again.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import include, path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Collection

from lantoa.core.spreadsheets import ImportFileRejected, SourceTable
from lantoa.directory.models import Unit
from lantoa.directory.selectors import user_unit
from lantoa.library import uploads
from lantoa.library.bulk_import import (
    COLUMNS,
    MAX_ENTRIES,
    MAX_TOTAL_BYTES,
    BulkImportPreview,
    BulkImportReport,
    PackageRefused,
    bulk_import_check,
    bulk_import_report_xlsx,
    bulk_import_run,
    bulk_import_template,
    manifest_read,
    package_discard,
    package_open_zip,
    package_store,
    user_may_bulk_import,
)
from lantoa.library.models import UploadSession
from lantoa.library.selectors import collections_for_user, units_for_assets

MENU_LABEL = gettext_lazy("Bulk import")
DIRECT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024
PREVIEWS_KEY = "library_bulk_import"
REPORTS_KEY = "library_bulk_import_reports"
SESSION_KEEP = 3
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The preview's table: these columns of the manifest (all of them are checked).
PREVIEW_FIELDS = (
    "file",
    "title",
    "kind",
    "language",
    "unit",
    "created_on",
    "licence",
    "topics",
    "audiences",
    "work",
)


class BulkImportForm(forms.Form):
    source_unit = forms.ModelChoiceField(
        label=gettext_lazy("Source unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("Rows that name no unit go to this one."),
    )
    collection = forms.ModelChoiceField(
        label=gettext_lazy("Collection"),
        queryset=Collection.objects.none(),
        required=False,
        empty_label=gettext_lazy("The unit's own collection"),
    )
    package = forms.FileField(
        label=gettext_lazy("ZIP archive"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    manifest = forms.FileField(
        label=gettext_lazy("Manifest"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) or a CSV file in UTF-8 with one row per file. Leave it "
            "empty if the archive holds it at its top level as manifest.xlsx or manifest.csv."
        ),
    )
    # Set by the page's script once the archive has arrived through a resumable upload.
    upload_session = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_unit"].queryset = units_for_assets(user=user).order_by("name_key")
        own = user_unit(user)
        if own is not None:
            self.fields["source_unit"].initial = own.pk
        self.fields["collection"].queryset = collections_for_user(user=user)
        self.fields["package"].help_text = _(
            "At most %(entries)s files and %(size)s once extracted. The page sends it in parts, "
            "resuming after a network error; without JavaScript at most %(direct)s."
        ) % {
            "entries": number_format(MAX_ENTRIES, force_grouping=True),
            "size": filesizeformat(MAX_TOTAL_BYTES),
            "direct": filesizeformat(DIRECT_UPLOAD_MAX_BYTES),
        }

    def clean_package(self):
        package = self.cleaned_data.get("package")
        if package and package.size > DIRECT_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Sent with the form, the archive may be at most %(limit)s.")
                % {"limit": filesizeformat(DIRECT_UPLOAD_MAX_BYTES)}
            )
        return package

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("package") and not cleaned.get("upload_session"):
            self.add_error("package", _("Choose the ZIP archive holding the files."))
        return cleaned


class BulkImportPermissionMixin:
    """Only those who may add assets; others get a plain 403, not the admin's redirect."""

    def dispatch(self, request, *args, **kwargs):
        if not user_may_bulk_import(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class BulkImportPageMixin(WagtailAdminTemplateMixin):
    header_icon = "table"
    page_title = MENU_LABEL
    page_subtitle = ""

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("library_bulk_import:form"), "label": MENU_LABEL}]
        if self.page_subtitle:
            items.append({"url": "", "label": self.page_subtitle})
        return [*self.breadcrumbs_items, *items]


def _stored(request, key: str) -> dict:
    return request.session.get(key, {})


def _store(request, key: str, data: dict) -> str:
    token = secrets.token_urlsafe(16)
    stored = _stored(request, key)
    for old in list(stored)[: max(0, len(stored) - SESSION_KEEP + 1)]:
        del stored[old]
    stored[token] = data
    request.session[key] = stored
    return token


def _forget(request, key: str, token: str) -> None:
    stored = _stored(request, key)
    stored.pop(token, None)
    request.session[key] = stored


class BulkImportFormView(BulkImportPermissionMixin, BulkImportPageMixin, FormView):
    template_name = "library/admin/bulk_import_form.html"
    form_class = BulkImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        kept = None
        session_id = form["upload_session"].value() if form.is_bound else None
        if session_id:
            kept = UploadSession.objects.filter(user=self.request.user, pk=session_id).first()
        context.update(
            template_url=reverse("library_bulk_import:template"),
            kept_package=kept,
            columns=COLUMNS,
            upload_config={
                "sessionsUrl": reverse("library_upload_sessions"),
                "chunkBytes": uploads.CHUNK_BYTES,
                "retries": 5,
            },
            upload_messages={
                "uploading": _("Sending the archive… %(percent)s%%"),
                "retrying": _("Connection lost. Trying again in %(seconds)s s…"),
                "checking": _("The archive has arrived; checking the manifest…"),
                "failed": _("The archive could not be sent:"),
            },
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        if data["package"]:
            if data["upload_session"]:
                self._discard(data["upload_session"])
            session = package_store(user=user, uploaded_file=data["package"])
        else:
            session = uploads.upload_session_get_for_user(
                user=user, session_id=data["upload_session"]
            )
            if not session.is_complete:
                package_discard(session=session)
                form.add_error("package", _("The archive did not arrive in full: send it again."))
                return self._invalid(form, session=None)
        try:
            with package_open_zip(session.temp_path, name=session.filename) as package:
                table = manifest_read(package=package, manifest_file=data["manifest"])
                preview = bulk_import_check(
                    user=user, unit=data["source_unit"], table=table, package=package
                )
        except PackageRefused as refusal:
            package_discard(session=session)
            form.add_error("package", refusal.message)
            return self._invalid(form, session=None)
        except ImportFileRejected as problem:
            form.add_error("manifest", problem.message)
            return self._invalid(form, session=session)
        except PermissionDenied as denied:
            form.add_error("source_unit", str(denied))
            return self._invalid(form, session=session)
        token = _store(
            self.request,
            PREVIEWS_KEY,
            {
                "session": str(session.pk),
                "unit": data["source_unit"].pk,
                "collection": data["collection"].pk if data["collection"] else None,
                "table": preview.table.to_json(),
            },
        )
        return redirect("library_bulk_import:preview", token=token)

    def _discard(self, session_id) -> None:
        session = UploadSession.objects.filter(user=self.request.user, pk=session_id).first()
        if session is not None:
            package_discard(session=session)

    def _invalid(self, form, *, session):
        """The form again, keeping an archive that arrived (only the manifest is to redo)."""
        data = form.data.copy()
        data["upload_session"] = str(session.pk) if session is not None else ""
        form.data = data
        return self.form_invalid(form)


class StoredImportMixin:
    """The import a token names: its choices, and its package (None once gone)."""

    def load(self):
        data = _stored(self.request, PREVIEWS_KEY).get(self.kwargs["token"])
        if data is None:
            return None
        session = UploadSession.objects.filter(user=self.request.user, pk=data["session"]).first()
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if session is None or unit is None:
            return None
        collection = (
            Collection.objects.filter(pk=data["collection"]).first() if data["collection"] else None
        )
        return session, unit, collection, SourceTable.from_json(data["table"])

    def expired(self):
        _forget(self.request, PREVIEWS_KEY, self.kwargs["token"])
        messages.warning(
            self.request, _("This import is no longer available; send the archive again.")
        )
        return redirect("library_bulk_import:form")


class BulkImportPreviewView(
    BulkImportPermissionMixin, StoredImportMixin, BulkImportPageMixin, TemplateView
):
    template_name = "library/admin/bulk_import_preview.html"
    page_subtitle = gettext_lazy("Preview")

    def get(self, request, *args, **kwargs):
        loaded = self.load()
        if loaded is None:
            return self.expired()
        session, unit, collection, table = loaded
        try:
            with package_open_zip(session.temp_path, name=session.filename) as package:
                preview = bulk_import_check(
                    user=request.user, unit=unit, table=table, package=package
                )
        except (PackageRefused, PermissionDenied) as problem:
            package_discard(session=session)
            messages.error(request, getattr(problem, "message", str(problem)))
            return self.expired()
        return self.render_to_response(
            self.get_context_data(preview=preview, unit=unit, collection=collection)
        )

    def get_context_data(self, *, preview: BulkImportPreview, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = [column for column in COLUMNS if column.field in PREVIEW_FIELDS]
        context.update(
            preview=preview,
            columns=columns,
            rows=[
                (row, [row.values.get(column.field, "") for column in columns])
                for row in preview.rows
            ],
            row_errors=preview.row_errors,
            unlisted_files=preview.unlisted_files[:50],
            unlisted_more=max(0, len(preview.unlisted_files) - 50),
            restart_url=reverse("library_bulk_import:form"),
        )
        return context

    def post(self, request, *args, **kwargs):
        loaded = self.load()
        if loaded is None:
            return self.expired()
        session, unit, collection, table = loaded
        action = request.POST.get("action")
        if action not in ("import", "cancel"):
            return redirect(request.path)
        if action == "cancel":
            package_discard(session=session)
            _forget(request, PREVIEWS_KEY, self.kwargs["token"])
            messages.info(request, _("The import was cancelled and the archive deleted."))
            return redirect("library_bulk_import:form")
        try:
            with package_open_zip(session.temp_path, name=session.filename) as package:
                report = bulk_import_run(
                    user=request.user,
                    unit=unit,
                    collection=collection,
                    table=table,
                    package=package,
                )
        except (PackageRefused, PermissionDenied) as problem:
            messages.error(request, getattr(problem, "message", str(problem)))
            return self.expired()
        finally:
            package_discard(session=session)
        _forget(request, PREVIEWS_KEY, self.kwargs["token"])
        token = _store(request, REPORTS_KEY, report.to_json())
        return redirect("library_bulk_import:report", token=token)


class StoredReportMixin:
    def get_report(self) -> BulkImportReport:
        data = _stored(self.request, REPORTS_KEY).get(self.kwargs["token"])
        if data is None:
            raise Http404
        return BulkImportReport.from_json(data)


class BulkImportReportView(
    BulkImportPermissionMixin, StoredReportMixin, BulkImportPageMixin, TemplateView
):
    template_name = "library/admin/bulk_import_report.html"
    page_subtitle = gettext_lazy("Report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.get_report(),
            download_url=reverse("library_bulk_import:report_xlsx", args=[self.kwargs["token"]]),
            restart_url=reverse("library_bulk_import:form"),
        )
        return context


class BulkImportReportDownloadView(BulkImportPermissionMixin, StoredReportMixin, View):
    def get(self, request, token):
        report = self.get_report()
        response = HttpResponse(
            bulk_import_report_xlsx(report, base_url=request.build_absolute_uri("/")),
            content_type=XLSX_TYPE,
        )
        response["Content-Disposition"] = 'attachment; filename="bao-cao-nhap-hang-loat.xlsx"'
        return response


class BulkImportTemplateView(BulkImportPermissionMixin, View):
    def get(self, request):
        response = HttpResponse(bulk_import_template(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="mau-danh-muc-nhap-tai-nguyen.xlsx"'
        return response


urlpatterns = [
    path("", BulkImportFormView.as_view(), name="form"),
    path("template/", BulkImportTemplateView.as_view(), name="template"),
    path("report/<str:token>/", BulkImportReportView.as_view(), name="report"),
    path("report/<str:token>/xlsx/", BulkImportReportDownloadView.as_view(), name="report_xlsx"),
    path("<str:token>/", BulkImportPreviewView.as_view(), name="preview"),
]


# --- hooks (registered when wagtail_hooks imports this module) ----------------------------------


@hooks.register("register_admin_urls")
def register_bulk_import_urls():
    return [
        path(
            "library/import/",
            include((urlpatterns, "library_bulk_import"), namespace="library_bulk_import"),
        )
    ]


class BulkImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_bulk_import(request.user)


@hooks.register("register_library_menu_item")
def register_bulk_import_menu_item():
    return BulkImportMenuItem(
        MENU_LABEL,
        reverse("library_bulk_import:form"),
        name="library-bulk-import",
        icon_name="table",
        order=60,
    )

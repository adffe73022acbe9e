"""The upload screen ("Tải lên tài nguyên") and the resumable upload endpoints behind it.

The screen takes several files at once (picked or dropped) with catalogue fields shared by all
of them; static/library/js/upload.js sends each file in chunks to these endpoints, shows its
progress, resumes after a network error and shows the new asset or the reason it was refused.
Every endpoint is under the Wagtail admin (signed-in staff), needs `library.add_asset`, and
answers JSON. A session belongs to the user who opened it: anyone else gets 404.

    POST   upload/sessions/                 filename, size     → 201 the session
    GET    upload/sessions/<id>/                               → bytes received (to resume)
    DELETE upload/sessions/<id>/                               → 204, file deleted
    PUT    upload/sessions/<id>/chunk/      raw bytes, Content-Range: bytes a-b/size
                                            (or ?offset=a)     → bytes received
    POST   upload/sessions/<id>/finish/     the shared fields  → 201 the asset, or 400 why not
"""

import re

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.library import uploads
from lantoa.library.duplicates import near_duplicates
from lantoa.library.ingest import IngestRefused
from lantoa.library.models import Asset, UploadSession
from lantoa.library.upload_forms import UploadDefaultsForm

UPLOAD_PERMISSION = "library.add_asset"
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


def _check_may_upload(request) -> None:
    if not request.user.has_perm(UPLOAD_PERMISSION):
        raise PermissionDenied


def _refused_json() -> JsonResponse:
    # JSON callers get a 403, not Wagtail's redirect to the dashboard.
    return JsonResponse({"error": _("You may not upload to the repository.")}, status=403)


def _problem(message: str, *, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), **extra}, status=status)


def asset_edit_url(asset: Asset) -> str | None:
    """The asset's edit screen (None while the asset screens are not installed)."""
    try:
        return reverse("library_assets:edit", args=[asset.pk])
    except NoReverseMatch:
        return None


def _session_json(session: UploadSession) -> dict:
    return {
        "id": str(session.pk),
        "filename": session.filename,
        "size": session.declared_size,
        "received": session.received_bytes,
        "urls": {
            "status": reverse("library_upload_session", args=[session.pk]),
            "chunk": reverse("library_upload_chunk", args=[session.pk]),
            "finish": reverse("library_upload_finish", args=[session.pk]),
        },
    }


class UploadView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "library/admin/upload.html"
    page_title = gettext_lazy("Upload resources")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        _check_may_upload(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            assets_url = reverse("library_assets:index")
        except NoReverseMatch:
            assets_url = None
        context.update(
            form=UploadDefaultsForm(user=self.request.user),
            assets_url=assets_url,
            upload_config={
                "sessionsUrl": reverse("library_upload_sessions"),
                "chunkBytes": uploads.CHUNK_BYTES,
                "retries": 6,
            },
            upload_messages={
                "waiting": _("Waiting"),
                "uploading": _("Uploading… %(percent)s%%"),
                "checking": _("Checking the file…"),
                "done": _("Added to the repository as a draft:"),
                "edit": _("edit"),
                "refused": _("Not accepted:"),
                "retrying": _("Connection lost. Trying again in %(seconds)s s…"),
                "stalled": _("The connection was lost. Press “Continue” when it is back."),
                "resume": _("Continue"),
                "cancel": _("Cancel"),
                "cancelled": _("Cancelled"),
                "remove": _("Remove from the list"),
                "nearDuplicates": _("Looks like:"),
                "start": _("Upload %(count)s file(s)"),
                "empty": _("The file is empty."),
            },
        )
        return context


@require_POST
def upload_session_create_view(request):
    if not request.user.has_perm(UPLOAD_PERMISSION):
        return _refused_json()
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return _problem(_("The file's size is missing."))
    try:
        session = uploads.upload_session_create(
            user=request.user, filename=request.POST.get("filename", ""), size=size
        )
    except IngestRefused as refusal:
        return _problem(refusal.messages[0], code=refusal.code)
    except uploads.UploadProblem as problem:
        return _problem(problem.message, status=problem.status)
    return JsonResponse(_session_json(session), status=201)


@require_http_methods(["GET", "DELETE"])
def upload_session_view(request, session_id):
    if not request.user.has_perm(UPLOAD_PERMISSION):
        return _refused_json()
    session = uploads.upload_session_get_for_user(user=request.user, session_id=session_id)
    if request.method == "DELETE":
        uploads.upload_session_cancel(session=session)
        return HttpResponse(status=204)
    return JsonResponse(_session_json(session))


def _chunk_position(request) -> tuple[int, int]:
    """(offset, length) of the chunk in the request: from Content-Range, else ?offset=."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    content_range = request.headers.get("Content-Range", "")
    if content_range:
        match = _CONTENT_RANGE.match(content_range.strip())
        if not match or int(match[2]) - int(match[1]) + 1 != length:
            raise uploads.UploadProblem(_("The Content-Range header does not fit the body."))
        return int(match[1]), length
    try:
        return int(request.GET.get("offset", "")), length
    except ValueError as error:
        raise uploads.UploadProblem(_("Say where the part starts (its offset).")) from error


@require_http_methods(["PUT", "POST"])
def upload_chunk_view(request, session_id):
    """Write the raw request body at its offset. The body is read from the request in small
    pieces (never request.body), so a chunk of any size costs the server little memory."""
    if not request.user.has_perm(UPLOAD_PERMISSION):
        return _refused_json()
    session = uploads.upload_session_get_for_user(user=request.user, session_id=session_id)
    try:
        offset, length = _chunk_position(request)
        received = uploads.upload_chunk_receive(
            session=session, offset=offset, length=length, stream=request
        )
    except uploads.UploadProblem as problem:
        extra = {"received": problem.received} if problem.received is not None else {}
        return _problem(problem.message, status=problem.status, **extra)
    return JsonResponse({"received": received, "size": session.declared_size})


@require_POST
def upload_finish_view(request, session_id):
    if not request.user.has_perm(UPLOAD_PERMISSION):
        return _refused_json()
    session = uploads.upload_session_get_for_user(user=request.user, session_id=session_id)
    form = UploadDefaultsForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = [f"{form[name].label}: {' '.join(texts)}" for name, texts in form.errors.items()]
        return _problem(" ".join(errors), code="invalid")
    try:
        asset = uploads.upload_session_finish(session=session, **form.asset_fields())
    except IngestRefused as refusal:
        return _problem(" ".join(refusal.messages), code=refusal.code)
    except uploads.UploadProblem as problem:
        return _problem(problem.message, status=problem.status, received=problem.received)
    similar = [
        {
            "title": found.asset.title,
            "url": asset_edit_url(found.asset),
            "distance": found.distance,
        }
        for found in near_duplicates(asset, user=request.user)[:5]
    ]
    return JsonResponse(
        {
            "asset": {
                "id": asset.pk,
                "title": asset.title,
                "kind": asset.get_kind_display(),
                "edit_url": asset_edit_url(asset),
            },
            "near_duplicates": similar,
        },
        status=201,
    )


# --- hooks (registered when wagtail_hooks imports this module) ----------------------------------


@hooks.register("register_admin_urls")
def register_upload_urls():
    return [
        path("library/upload/", UploadView.as_view(), name="library_upload"),
        path(
            "library/upload/sessions/",
            upload_session_create_view,
            name="library_upload_sessions",
        ),
        path(
            "library/upload/sessions/<uuid:session_id>/",
            upload_session_view,
            name="library_upload_session",
        ),
        path(
            "library/upload/sessions/<uuid:session_id>/chunk/",
            upload_chunk_view,
            name="library_upload_chunk",
        ),
        path(
            "library/upload/sessions/<uuid:session_id>/finish/",
            upload_finish_view,
            name="library_upload_finish",
        ),
    ]


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(UPLOAD_PERMISSION)


@hooks.register("register_library_menu_item")
def register_upload_menu_item():
    return UploadMenuItem(
        gettext_lazy("Upload resources"),
        reverse("library_upload"),
        name="library-upload",
        icon_name="upload",
        order=50,
    )

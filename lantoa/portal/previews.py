"""Secret preview links: a reviewer outside the admin (an expert, the press office) reads a
draft at /xem-truoc/<token>/ without signing in, until the link expires or is revoked.

Links are made and revoked in the admin, from a page's header ("Preview links"). Only a
SHA-256 hash of each token is stored, so the link is shown once, when it is made; a
database leak gives no working link. A link always shows the page's latest revision.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.log_actions import log

from lantoa.core.models import TimeStampedModel

PREVIEW_DEFAULT_DAYS = 7
PREVIEW_MAX_DAYS = 60


class PreviewLinkStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    EXPIRED = "expired", gettext_lazy("Expired")
    REVOKED = "revoked", gettext_lazy("Revoked")


class PreviewLink(TimeStampedModel):
    """A secret, expiring link to a page's latest draft. Made and revoked from the page's
    "Preview links" screen in the admin (Pages → a page → Preview links)."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="preview_links",
        verbose_name=gettext_lazy("page"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        gettext_lazy("shared with"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Who the link is for, e.g. the press office or an expert."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("created by"),
    )
    expires_at = models.DateTimeField(gettext_lazy("expires at"))
    revoked_at = models.DateTimeField(gettext_lazy("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("revoked by"),
    )
    view_count = models.PositiveIntegerField(gettext_lazy("views"), default=0)
    last_viewed_at = models.DateTimeField(gettext_lazy("last viewed at"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("preview link")
        verbose_name_plural = gettext_lazy("preview links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.label or self.pk}"

    @property
    def status(self) -> PreviewLinkStatus:
        if self.revoked_at is not None:
            return PreviewLinkStatus.REVOKED
        if self.expires_at <= timezone.now():
            return PreviewLinkStatus.EXPIRED
        return PreviewLinkStatus.ACTIVE


def preview_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_can_share_preview(*, page, user) -> bool:
    """Those who may edit the page, and the reviewers of its current step."""
    if not (user.is_authenticated and user.is_active):
        return False
    if page.permissions_for_user(user).can_edit():
        return True
    task = page.current_workflow_task
    return bool(task and task.get_actions(page, user))


def preview_links_for_page(*, page):
    return PreviewLink.objects.filter(page=page).select_related("created_by", "revoked_by")


def preview_link_create(
    *, page, created_by, days: int = PREVIEW_DEFAULT_DAYS, label: str = ""
) -> tuple[PreviewLink, str]:
    """Make a link valid for `days` days; return it with its token, which is not stored."""
    if not user_can_share_preview(page=page, user=created_by):
        raise PermissionDenied(_("You cannot share a preview of this page."))
    if not 1 <= days <= PREVIEW_MAX_DAYS:
        raise ValidationError(
            _("A preview link lasts from 1 to %(max)d days.") % {"max": PREVIEW_MAX_DAYS}
        )
    token = secrets.token_urlsafe(32)
    link = PreviewLink.objects.create(
        page=page,
        token_hash=preview_token_hash(token),
        label=label.strip(),
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    log(
        instance=page.specific,
        action="portal.preview_link.create",
        user=created_by,
        data={"link_id": link.pk, "label": link.label, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


def preview_link_revoke(*, link: PreviewLink, revoked_by) -> PreviewLink:
    if not user_can_share_preview(page=link.page.specific, user=revoked_by):
        raise PermissionDenied(_("You cannot revoke this preview link."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = revoked_by
        link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        log(
            instance=link.page.specific,
            action="portal.preview_link.revoke",
            user=revoked_by,
            data={"link_id": link.pk, "label": link.label},
        )
    return link


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the address: keep it out of Referer headers sent to linked sites.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _unavailable(request, *, message: str, status: int):
    response = TemplateResponse(
        request,
        "portal/workflow/preview_unavailable.html",
        {"message": message},
        status=status,
    )
    return _noindex(response)


_BODY_TAG = re.compile(rb"<body[^>]*>", re.IGNORECASE)


def _with_banner(response, banner: str):
    """Insert the banner just inside <body>, whatever the page's template."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response
    content = response.content
    match = _BODY_TAG.search(content)
    at = match.end() if match else 0
    response.content = content[:at] + banner.encode() + content[at:]
    return response


@require_safe
@never_cache
def preview_serve(request, token: str):
    """The page's latest revision, for whoever holds the link; no sign-in."""
    link = (
        PreviewLink.objects.select_related("page")
        .filter(token_hash=preview_token_hash(token))
        .first()
    )
    if link is None:
        return _unavailable(request, message=_("This preview link does not exist."), status=404)
    if link.status == PreviewLinkStatus.REVOKED:
        return _unavailable(request, message=_("This preview link has been withdrawn."), status=410)
    if link.status == PreviewLinkStatus.EXPIRED:
        return _unavailable(request, message=_("This preview link has expired."), status=410)

    page = link.page.specific.get_latest_revision_as_object()
    mode = page.default_preview_mode
    request.is_preview = True
    request.preview_mode = mode
    response = page.serve_preview(request, mode)
    if hasattr(response, "render"):
        response.render()
    banner = render_to_string(
        "portal/workflow/preview_banner.html", {"link": link, "page": page}, request=request
    )
    PreviewLink.objects.filter(pk=link.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=timezone.now()
    )
    return _noindex(_with_banner(response, banner))


urlpatterns = [path("xem-truoc/<slug:token>/", preview_serve, name="portal_preview")]

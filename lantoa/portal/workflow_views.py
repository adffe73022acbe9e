"""Admin screens of the review workflow: a page's review status (who holds each step, since
when, due when) and its secret preview links. Reached from the page's header buttons."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from lantoa.portal.previews import (
    PREVIEW_DEFAULT_DAYS,
    PREVIEW_MAX_DAYS,
    PreviewLink,
    preview_link_create,
    preview_link_revoke,
    preview_links_for_page,
    user_can_share_preview,
)
from lantoa.portal.workflows import VIETNAM, review_steps_for_page

_NEW_LINK_SESSION_KEY = "portal_new_preview_links"


def page_for_reviewer(*, user, page_id: int) -> Page:
    """The page, when the user may edit it or review its current step; else 404/403."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not user_can_share_preview(page=page, user=user):
        raise PermissionDenied
    return page


class PreviewLinkForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Shared with"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Who the link is for, e.g. the press office or an expert."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=PREVIEW_MAX_DAYS,
        initial=PREVIEW_DEFAULT_DAYS,
    )


class PageAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-empty-inverse"

    def dispatch(self, request, *args, **kwargs):
        self.page = page_for_reviewer(user=request.user, page_id=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, vietnam=VIETNAM, **kwargs)


class ReviewStatusView(PageAdminView):
    template_name = "portal/workflow/review_status.html"
    page_title = gettext_lazy("Review status")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            steps=review_steps_for_page(page=self.page),
            workflow_state=self.page.current_workflow_state,
            **kwargs,
        )


class PreviewLinksView(PageAdminView):
    template_name = "portal/workflow/preview_links.html"
    page_title = gettext_lazy("Preview links")

    def post(self, request, *args, **kwargs):
        form = PreviewLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        link, token = preview_link_create(
            page=self.page,
            created_by=request.user,
            days=form.cleaned_data["days"],
            label=form.cleaned_data["label"],
        )
        # Only the token's hash is stored: show the address once, on the next page.
        request.session[_NEW_LINK_SESSION_KEY] = {
            "id": link.pk,
            "url": request.build_absolute_uri(reverse("portal_preview", args=[token])),
        }
        return redirect("portal_preview_links", page_id=self.page.pk)

    def get_context_data(self, **kwargs):
        new_link = self.request.session.pop(_NEW_LINK_SESSION_KEY, None)
        kwargs.setdefault("form", PreviewLinkForm())
        return super().get_context_data(
            links=preview_links_for_page(page=self.page),
            new_link=new_link,
            **kwargs,
        )


@require_POST
def preview_link_revoke_view(request, page_id: int, link_id: int):
    page = page_for_reviewer(user=request.user, page_id=page_id)
    link = get_object_or_404(PreviewLink, pk=link_id, page=page)
    preview_link_revoke(link=link, revoked_by=request.user)
    messages.success(request, _("The preview link has been revoked."))
    return redirect("portal_preview_links", page_id=page.pk)

"""The repository's admin screens: assets (listing, catalogue record, inspection with preview,
Dublin Core, consent, near-duplicates and where it is used), release and withdrawal, consent
records, and multilingual works.

Unit staff reach only their own unit's assets: every view reads through
`selectors.assets_for_user`, so another unit's asset is "not found" whatever the URL. Files are
not edited here: they come in through the upload screens.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import LogFormatter

from lantoa.core.collation import sorted_vietnamese
from lantoa.directory.models import Unit
from lantoa.library import selectors, services
from lantoa.library.forms import AssetForm, ConsentForm, ReleaseForm, WithdrawForm
from lantoa.library.licences import Licence
from lantoa.library.models import Asset, AssetKind, AssetStatus, AssetTopic, Consent, Work

# --- listing ------------------------------------------------------------------------------------


class ThumbnailColumn(Column):
    """A small picture of the asset (an existing rendition, the poster frame, or an icon)."""

    cell_template_name = "library/admin/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["thumbnail_url"] = selectors.asset_thumbnail_url(instance)
        context["asset"] = instance
        return context


def _years():
    dates = Asset.objects.dates("created_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in dates]


def _topics():
    return sorted_vietnamese(
        Tag.objects.filter(pk__in=AssetTopic.objects.values("tag_id")).values_list("slug", "name"),
        key=lambda choice: choice[1],
    )


class AssetFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"), choices=AssetKind.choices, empty_label=gettext_lazy("All")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=AssetStatus.choices,
        empty_label=gettext_lazy("All"),
    )
    source_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none()
    )
    licence = django_filters.ChoiceFilter(
        label=gettext_lazy("Licence"), choices=Licence.choices, empty_label=gettext_lazy("All")
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=[], empty_label=gettext_lazy("All")
    )
    topic = django_filters.ChoiceFilter(
        label=gettext_lazy("Topic"), choices=[], method="filter_topic"
    )
    year = django_filters.ChoiceFilter(label=gettext_lazy("Year"), choices=[], method="filter_year")

    class Meta:
        model = Asset
        fields = ["kind", "status", "source_unit", "licence", "language"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from django.conf import settings

        user = request.user if request is not None else None
        if user is not None:
            self.filters["source_unit"].queryset = selectors.units_for_assets(user=user)
        self.filters["language"].extra["choices"] = list(settings.WAGTAIL_CONTENT_LANGUAGES)
        self.filters["topic"].extra["choices"] = list(_topics())
        self.filters["year"].extra["choices"] = _years()

    def filter_topic(self, queryset, name, value):
        return selectors.assets_filtered(queryset, selectors.CatalogueFilters(topic=value))

    def filter_year(self, queryset, name, value):
        if not str(value).isdigit():
            return queryset
        return selectors.assets_filtered(queryset, selectors.CatalogueFilters(year=int(value)))


class AssetScopedMixin:
    """Views of one asset or the listing see only what the user may reach."""

    def get_base_queryset(self):
        # The listing; IndexView then orders, filters and searches it.
        return selectors.with_card_data(selectors.assets_for_user(user=self.request.user))

    def get_object(self, queryset=None):
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk")) or getattr(self, "pk", None)
        return get_object_or_404(
            selectors.assets_for_user(user=self.request.user).select_related(
                "image", "document", "media", "preview_image", "source_unit", "work", "collection"
            ),
            pk=unquote(str(pk)),
        )


class AssetObjectScopedMixin:
    """For views about one asset that list something else (its history, its usage)."""

    def get_base_object_queryset(self):
        return selectors.assets_for_user(user=self.request.user)


def _release_buttons(view, asset: Asset, *, listing: bool):
    """Release or withdraw, for those who may release."""
    if not selectors.user_may_release(view.request.user):
        return []
    button_class = ListingButton if listing else Button
    if asset.status == AssetStatus.RELEASED:
        return [
            button_class(
                _("Withdraw"),
                url=reverse("library_assets:withdraw", args=[asset.pk]),
                icon_name="cross",
                priority=40,
            )
        ]
    return [
        button_class(
            _("Release"),
            url=reverse("library_assets:release", args=[asset.pk]),
            icon_name="upload",
            priority=5,
        )
    ]


def upload_url() -> str | None:
    """The upload screen (the upload pipeline's), where new assets come from."""
    try:
        return reverse("library_upload")
    except NoReverseMatch:
        return None


class AssetIndexView(AssetScopedMixin, generic.IndexView):
    def get_add_url(self):
        return upload_url() if self.user_has_permission("add") else None

    @cached_property
    def add_item_label(self):
        return _("Upload files")

    def search_queryset(self, queryset):
        # The folded search (same results with or without diacritics), not the backend's own.
        if not self.is_searching:
            return queryset
        clean = selectors.catalogue_query_clean(self.search_query)
        rows = selectors.asset_search_rows(
            queryset.order_by(), clean.words, limit=selectors.ADMIN_SEARCH_LIMIT
        )
        return queryset.filter(pk__in=[row[0] for row in rows])

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == AssetStatus.RELEASED:
            buttons.append(
                Button(
                    _("View in the catalogue"),
                    url=selectors.asset_public_url(instance),
                    icon_name="view",
                    priority=50,
                )
            )
        return buttons

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        return [*_release_buttons(self, instance, listing=True), *buttons]


class AssetEditView(AssetScopedMixin, generic.EditView):
    def save_instance(self):
        return services.asset_metadata_update(
            asset=self.form.instance, actor=self.request.user, form=self.form
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.extend(_release_buttons(self, self.object, listing=False))
        if self.object.status == AssetStatus.RELEASED:
            buttons.append(
                Button(
                    _("View in the catalogue"),
                    url=selectors.asset_public_url(self.object),
                    icon_name="view",
                    priority=50,
                )
            )
        return buttons


class AssetInspectView(AssetScopedMixin, generic.InspectView):
    template_name = "library/admin/asset_inspect.html"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.extend(_release_buttons(self, self.object, listing=False))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.object
        user = self.request.user
        today = timezone.localdate()
        consents = sorted_vietnamese(
            asset.consents.order_by("pk"), key=lambda consent: consent.person_name
        )
        context.update(
            asset=asset,
            may_change=user.has_perm("library.change_asset"),
            may_release=selectors.user_may_release(user),
            thumbnail_url=selectors.asset_thumbnail_url(asset, selectors.PREVIEW_RENDITION),
            dublin_core=selectors.asset_dublin_core(asset),
            attribution_line=selectors.asset_attribution_line(asset),
            licence=selectors.asset_licence(asset),
            consents=[(consent, consent.is_valid_on(today)) for consent in consents],
            consent_problems=selectors.asset_consent_problems(asset, today=today),
            near_duplicates=selectors.asset_near_duplicates(asset=asset, user=user),
            usage=selectors.asset_usage(asset=asset, user=user),
            public_url=(
                selectors.asset_public_url(asset) if asset.status == AssetStatus.RELEASED else ""
            ),
            history=self._history(asset),
        )
        return context

    def _history(self, asset):
        from wagtail.models import ModelLogEntry

        return (
            ModelLogEntry.objects.for_instance(asset)
            .filter(action__in=[services.LOG_RELEASE, services.LOG_WITHDRAW])
            .select_related("user")
            .order_by("-timestamp")[:10]
        )


class AssetDeleteView(AssetScopedMixin, generic.DeleteView):
    def delete_action(self):
        services.asset_delete(asset=self.object, actor=self.request.user)


class AssetHistoryView(AssetObjectScopedMixin, generic.HistoryView):
    pass


class AssetUsageView(AssetObjectScopedMixin, generic.UsageView):
    pass


# --- release and withdrawal ---------------------------------------------------------------------


class TitledAdminPageMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("library_assets:index"), "label": _("Assets")},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.asset)},
        ]


class AssetActionMixin(TitledAdminPageMixin):
    """A form about one asset the user may reach."""

    permission_required = "library.change_asset"
    template_name = "library/admin/asset_action.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.asset = selectors.asset_get_for_user(user=request.user, asset_id=kwargs["pk"])
        if not self.user_may_act(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_may_act(self, user) -> bool:
        return user.has_perm(self.permission_required)

    def get_page_subtitle(self):
        return str(self.asset)

    def inspect_url(self) -> str:
        return reverse("library_assets:inspect", args=[self.asset.pk])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "asset": self.asset,
            "submit_label": self.submit_label,
            "cancel_url": self.inspect_url(),
        }


class AssetReleaseView(AssetActionMixin, FormView):
    form_class = ReleaseForm
    page_title = gettext_lazy("Release asset")
    submit_label = gettext_lazy("Release")
    template_name = "library/admin/asset_release.html"

    def user_may_act(self, user) -> bool:
        return selectors.user_may_release(user)

    @cached_property
    def problems(self) -> list[str]:
        return selectors.asset_consent_problems(self.asset, today=timezone.localdate())

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.problems:
            form.fields["acknowledge_consent"].widget = forms.HiddenInput()
        return form

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "problems": self.problems,
            "already_released": self.asset.status == AssetStatus.RELEASED,
            "thumbnail_url": selectors.asset_thumbnail_url(self.asset),
        }

    def form_valid(self, form):
        try:
            services.asset_release(
                self.asset,
                self.request.user,
                acknowledge_consent=form.cleaned_data["acknowledge_consent"],
            )
        except services.ConsentProblem as problem:
            form.add_error(
                "acknowledge_consent",
                _("Tick the box to confirm you release it despite these problems."),
            )
            self.__dict__["problems"] = problem.problems
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(title)s” is released: the public can find it in the catalogue.")
            % {"title": self.asset.title},
        )
        return redirect(self.inspect_url())


class AssetWithdrawView(AssetActionMixin, FormView):
    form_class = WithdrawForm
    page_title = gettext_lazy("Withdraw asset")
    submit_label = gettext_lazy("Withdraw")

    def user_may_act(self, user) -> bool:
        return selectors.user_may_release(user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "intro": _(
                "The asset leaves the public catalogue, its page and downloads. It stays in "
                "the repository and can be released again."
            ),
        }

    def form_valid(self, form):
        try:
            services.asset_withdraw(self.asset, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(title)s” is withdrawn from the catalogue.") % {"title": self.asset.title},
        )
        return redirect(self.inspect_url())


# --- consent records ----------------------------------------------------------------------------


class ConsentMixin(AssetActionMixin):
    header_icon = "user"

    def get_consent(self) -> Consent:
        return get_object_or_404(Consent, asset=self.asset, pk=self.kwargs["consent_id"])


class ConsentCreateView(ConsentMixin, FormView):
    form_class = ConsentForm
    page_title = gettext_lazy("Record consent")
    submit_label = gettext_lazy("Save consent")

    def form_valid(self, form):
        consent = form.save(commit=False)
        consent.asset = self.asset
        services.consent_save(consent=consent, actor=self.request.user)
        messages.success(
            self.request,
            _("Consent of %(person)s recorded.") % {"person": consent.person_name},
        )
        return redirect(self.inspect_url())


class ConsentEditView(ConsentMixin, FormView):
    form_class = ConsentForm
    page_title = gettext_lazy("Edit consent")
    submit_label = gettext_lazy("Save consent")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_consent()}

    def form_valid(self, form):
        consent = form.save(commit=False)
        services.consent_save(consent=consent, actor=self.request.user)
        messages.success(
            self.request,
            _("Consent of %(person)s saved.") % {"person": consent.person_name},
        )
        return redirect(self.inspect_url())


class ConsentDeleteView(ConsentMixin, FormView):
    form_class = forms.Form
    page_title = gettext_lazy("Delete consent")
    submit_label = gettext_lazy("Yes, delete")

    def get_context_data(self, **kwargs):
        consent = self.get_consent()
        return {
            **super().get_context_data(**kwargs),
            "intro": _("Delete the consent of %(person)s and its signed form?")
            % {"person": consent.person_name},
            "destructive": True,
        }

    def form_valid(self, form):
        consent = self.get_consent()
        person = consent.person_name
        services.consent_delete(consent=consent, actor=self.request.user)
        messages.success(self.request, _("Consent of %(person)s deleted.") % {"person": person})
        return redirect(self.inspect_url())


def consent_evidence_download(request, pk: int, consent_id: int):
    """The signed consent form, for staff who may see the asset (private storage)."""
    if not request.user.has_perm("library.view_asset") and not request.user.has_perm(
        "library.change_asset"
    ):
        raise PermissionDenied
    asset = selectors.asset_get_for_user(user=request.user, asset_id=pk)
    consent = get_object_or_404(Consent, asset=asset, pk=consent_id)
    if not consent.evidence:
        raise Http404
    name = consent.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(consent.evidence.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


# --- the viewsets -------------------------------------------------------------------------------


class AssetViewSet(ModelViewSet):
    model = Asset
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Assets")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 30
    index_view_class = AssetIndexView
    edit_view_class = AssetEditView
    inspect_view_class = AssetInspectView
    delete_view_class = AssetDeleteView
    history_view_class = AssetHistoryView
    usage_view_class = AssetUsageView
    filterset_class = AssetFilterSet
    list_display = [
        "title",  # first: the title column carries the links and the row's buttons
        ThumbnailColumn("thumbnail", label=gettext_lazy("Preview"), width="110px"),
        Column("kind", label=gettext_lazy("Type"), accessor="get_kind_display", sort_key="kind"),
        Column("source_unit", label=gettext_lazy("Unit"), accessor="source_unit.code"),
        Column(
            "licence",
            label=gettext_lazy("Licence"),
            accessor=lambda asset: selectors.licence_short_name(asset.licence),
        ),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda asset: asset.status == AssetStatus.RELEASED,
            sort_key="status",
        ),
        DateColumn("created_on", label=gettext_lazy("Date"), sort_key="created_on"),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("creator"), FieldPanel("created_on")]),
            ],
            heading=gettext_lazy("Description"),
        ),
        MultiFieldPanel(
            [FieldPanel("source_unit"), FieldPanel("collection")],
            heading=gettext_lazy("Source and collection"),
        ),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("attribution"), FieldPanel("depicts_people")],
            heading=gettext_lazy("Rights"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("audiences"),
                FieldPanel("plan_tasks"),
                FieldPanel("work"),
            ],
            heading=gettext_lazy("Classification"),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=AssetForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        kept = [pattern for pattern in super().get_urlpatterns() if pattern.name not in ("add",)]
        return [
            *kept,
            path("release/<int:pk>/", AssetReleaseView.as_view(), name="release"),
            path("withdraw/<int:pk>/", AssetWithdrawView.as_view(), name="withdraw"),
            path("consent/<int:pk>/new/", ConsentCreateView.as_view(), name="consent_add"),
            path(
                "consent/<int:pk>/<int:consent_id>/",
                ConsentEditView.as_view(),
                name="consent_edit",
            ),
            path(
                "consent/<int:pk>/<int:consent_id>/delete/",
                ConsentDeleteView.as_view(),
                name="consent_delete",
            ),
            path(
                "consent/<int:pk>/<int:consent_id>/form/",
                consent_evidence_download,
                name="consent_evidence",
            ),
        ]


class WorkInspectView(generic.InspectView):
    template_name = "library/admin/work_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = (
            selectors.assets_for_user(user=self.request.user)
            .filter(work=self.object)
            .select_related("source_unit")
            .order_by("language")
        )
        return context


class WorkViewSet(ModelViewSet):
    model = Work
    icon = "doc-full"
    menu_label = gettext_lazy("Multilingual publications")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = WorkInspectView
    list_display = ["title", "updated_at"]
    search_fields = ["title", "description"]
    search_backend_name = None
    form_fields = ["title", "description"]


asset_viewset = AssetViewSet("library_assets", url_prefix="library/assets")
work_viewset = WorkViewSet("library_works", url_prefix="library/works")


class LibraryViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Resource repository")
    menu_name = "library"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (asset_viewset, work_viewset)
    # Lets the upload and import screens add their items to this menu.
    submenu_hook = "register_library_menu_item"


# --- hooks (registered when wagtail_hooks imports this module) ----------------------------------


@hooks.register("register_admin_viewset")
def register_library_viewsets():
    return LibraryViewSetGroup()


@hooks.register("register_log_actions")
def register_library_log_actions(actions):
    @actions.register_action(services.LOG_RELEASE)
    class AssetReleased(LogFormatter):
        label = gettext_lazy("Release asset")

        def format_message(self, log_entry):
            acknowledged = (log_entry.data or {}).get("consent_problems_acknowledged")
            if acknowledged:
                return _("Released, consent problems acknowledged: %(problems)s") % {
                    "problems": " ".join(acknowledged)
                }
            return _("Released")

    @actions.register_action(services.LOG_WITHDRAW)
    class AssetWithdrawn(LogFormatter):
        label = gettext_lazy("Withdraw asset")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason") or ""
            return _("Withdrawn: %(reason)s") % {"reason": reason}

    @actions.register_action(services.LOG_CONSENT_ADD)
    class ConsentAdded(LogFormatter):
        label = gettext_lazy("Record consent")

        def format_message(self, log_entry):
            return _("Consent of %(person)s recorded.") % _person(log_entry)

    @actions.register_action(services.LOG_CONSENT_EDIT)
    class ConsentEdited(LogFormatter):
        label = gettext_lazy("Edit consent")

        def format_message(self, log_entry):
            return _("Consent of %(person)s saved.") % _person(log_entry)

    @actions.register_action(services.LOG_CONSENT_DELETE)
    class ConsentDeleted(LogFormatter):
        label = gettext_lazy("Delete consent")

        def format_message(self, log_entry):
            return _("Consent of %(person)s deleted.") % _person(log_entry)


def _person(log_entry) -> dict:
    return {"person": (log_entry.data or {}).get("person") or ""}


@hooks.register("before_serve_document")
def refuse_unreleased_documents(document, request):
    """A document that is a repository asset is public only once released; staff who may
    see the asset still open it (a draft's link shown in the admin)."""
    asset = Asset.objects.filter(document=document).only("pk", "status").first()
    if asset is None or asset.status == AssetStatus.RELEASED:
        return None
    if selectors.assets_for_user(user=request.user).filter(pk=asset.pk).exists():
        return None
    raise Http404


def asset_admin_url(asset: Asset) -> str:
    return reverse("library_assets:inspect", args=[asset.pk])

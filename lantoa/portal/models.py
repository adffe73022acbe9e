from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from lantoa.core.blocks import BodyBlock, stream_plain_text
from lantoa.core.richtext import SanitisedRichTextField
from lantoa.core.slugs import TransliteratedSlugMixin
from lantoa.core.text import fold_for_search
from lantoa.portal.forms import ArticlePageForm

ARTICLES_PER_PAGE = 12


class SectionKind(models.TextChoices):
    CATEGORY = "chuyen_muc", _("Category (chuyên mục)")
    MICROSITE = "chuyen_trang", _("Dedicated page (chuyên trang)")
    TOPIC = "chuyen_de", _("Topic (chuyên đề)")


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    PHOTO = "photo", _("Photo story")
    INFOGRAPHIC = "infographic", _("Infographic")
    MOTION_GRAPHICS = "motion_graphics", _("Motion graphics")
    VIDEO = "video", _("Video")
    CLIP = "clip", _("Trend clip")
    PUBLICATION = "publication", _("Publication")


class FoldedSearchMixin:
    """Folded copies of a page's words for the search index, so "doi moi" finds "Đổi mới".

    The index holds only words separated by spaces (`fold_for_search`): SQLite and PostgreSQL
    then split them alike ("57-NQ/TW" → "57 nq tw")."""

    def folded_title(self) -> str:
        return fold_for_search(self.title)

    def folded_text(self) -> str:
        return fold_for_search(self.searchable_text())

    def searchable_text(self) -> str:
        return ""


class HomePage(TransliteratedSlugMixin, Page):
    """The portal's home. Edited in the admin under Trang."""

    intro = SanitisedRichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.SectionPage", "portal.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """A page not yet translated into this home's language is served in its original
        language at the same path under this language's prefix (/en/nghi-quyet-57/…), where
        the site frame says so in the visitor's language and links to the original."""
        try:
            return super().route(request, path_components)
        except Http404:
            original_home = self.original_language_home()
            if original_home is None:
                raise
            return original_home.route(request, path_components)

    def original_language_home(self) -> "HomePage | None":
        default_locale = Locale.get_default()
        if self.locale_id == default_locale.pk:
            return None
        return (
            HomePage.objects.live()
            .filter(translation_key=self.translation_key, locale=default_locale)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        from lantoa.portal.selectors import articles_latest, sections_for_home

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = articles_latest(root=self, limit=9)
        context["sections"] = sections_for_home(home=self)
        return context


class SectionPage(TransliteratedSlugMixin, FoldedSearchMixin, Page):
    """A chuyên mục, chuyên trang or chuyên đề: a paginated list of articles."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.CATEGORY
    )
    intro = SanitisedRichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    is_resolution_57 = models.BooleanField(
        _("Resolution 57 section"),
        default=True,
        help_text=_("Counted by the plan targets about the Resolution 57 section."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("is_resolution_57")]),
        FieldPanel("intro"),
    ]
    subpage_types = ["portal.ArticlePage", "portal.SectionPage"]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("folded_title", boost=3),
        index.AutocompleteField("folded_title"),
    ]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        from lantoa.portal.selectors import articles_in_section

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(articles_in_section(section=self), ARTICLES_PER_PAGE)
        try:
            articles = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            articles = paginator.page(1)
        except EmptyPage:
            articles = paginator.page(paginator.num_pages)
        context["articles"] = articles
        context["subsections"] = self.get_children().live().public().type(SectionPage).specific()
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # "Does this article carry one of these topics?" in one look-up (related articles).
        indexes = [models.Index(fields=["content_object", "tag"], name="portal_articletag_article")]


class ArticlePage(TransliteratedSlugMixin, FoldedSearchMixin, Page):
    """A news article, photo story, infographic, video or publication, written by a unit and
    approved through the workflow. Edited in the admin under Trang."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown in listings."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured image"),
    )
    authoring_unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("authoring unit"),
    )
    plan_tasks = ParentalManyToManyField(
        "plans.PlanNode",
        blank=True,
        related_name="articles",
        limit_choices_to={"kind": "task", "is_withdrawn": False},
        verbose_name=_("plan tasks served"),
        help_text=_("The article becomes evidence for these tasks on the plan dashboard."),
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("authoring_unit")]),
                FieldPanel("tags"),
                FieldPanel("plan_tasks"),
            ],
            heading=_("Classification"),
        ),
        *Page.promote_panels,
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body_text"),
        index.SearchField("folded_title", boost=3),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_title"),
        index.FilterField("kind"),
        index.FilterField("authoring_unit"),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def body_text(self) -> str:
        return stream_plain_text(self.body)

    def searchable_text(self) -> str:
        return f"{self.lead}\n{self.body_text()}"

    def get_context(self, request, *args, **kwargs):
        from lantoa.portal.selectors import articles_related

        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = articles_related(article=self, limit=4)
        return context


class StandardPage(TransliteratedSlugMixin, FoldedSearchMixin, Page):
    """A plain page: the Department's organisation, functions and contacts, links to other
    state agencies. Edited in the admin under Trang."""

    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("folded_title", boost=3),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_title"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def searchable_text(self) -> str:
        return f"{self.lead}\n{stream_plain_text(self.body)}"


from lantoa.portal.previews import PreviewLink  # noqa: E402,F401
from lantoa.portal.workflows import UnitHeadApprovalTask  # noqa: E402,F401

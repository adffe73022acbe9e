"""Reads of the portal's published content. Only live, public pages reach visitors.

The page tree holds every article, so a query that SQLite answers by walking the tree grows with
the site: at 100,000 articles such a walk costs tens of milliseconds. The reads below are shaped
so the database can use an index instead (see each one), and what only a publish changes (the
private sections, a section's article count) is kept in the cache until the next publish.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Page, PageViewRestriction

from lantoa.portal.caching import published_content_cached
from lantoa.portal.models import ArticlePage, ArticleTag, SectionPage

# Related articles: a topic on at most this many articles is read whole and sorted by date; a
# more common one is found by walking the newest articles until enough carry it.
RELATED_READ_WHOLE_TOPIC_UP_TO = 1000


def _private_sections() -> list[tuple[str, int]]:
    """(path, depth) of every page with a view restriction, kept until the next change."""
    return published_content_cached(
        "private-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


def public_q() -> Q:
    """Pages outside every private section: what Wagtail's .public() filters, without its
    query for the restrictions on every call (each page would pay several)."""
    private = Q()
    for path, depth in _private_sections():
        private |= Q(path__startswith=path, depth__gte=depth)
    return ~private if private else Q()


def articles_listed() -> QuerySet[ArticlePage]:
    """Live, public articles newest first, with what an article card shows (its picture)."""
    return (
        ArticlePage.objects.live()
        .filter(public_q())
        .select_related("featured_image")
        .order_by("-first_published_at", "-pk")
    )


def articles_published() -> QuerySet[ArticlePage]:
    """Live, public articles newest first, with their unit and topics (feeds show both)."""
    return articles_listed().select_related("authoring_unit").prefetch_related("tags")


class SectionArticles:
    """A section's articles, newest first, for a paginator: slicing queries the database, and
    the count (which means walking every page below the section) is kept until the next
    publish."""

    def __init__(self, section: Page):
        self.section = section
        self.queryset = articles_listed().descendant_of(section)

    def count(self) -> int:
        return published_content_cached(f"articles-in:{self.section.pk}", self.queryset.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.queryset[index]


def articles_in_section(*, section: Page) -> SectionArticles:
    return SectionArticles(section)


def articles_latest(*, root: Page, limit: int) -> list[ArticlePage]:
    return list(articles_listed().descendant_of(root)[:limit])


def _newest_first(pages: QuerySet[Page]) -> QuerySet[Page]:
    """Live, public pages newest first, as a query on the page table alone: SQLite then walks
    its index on the publication date and stops when it has enough. (Asked of ArticlePage, the
    same query joins the article table first and sorts every article.)"""
    return pages.live().filter(public_q()).order_by("-first_published_at", "-pk")


def articles_related(*, article: ArticlePage, limit: int) -> list[ArticlePage]:
    """Articles sharing a topic with this one, newest first; else the newest of its section."""
    # Read through .all(): a page held in memory (a preview) has no saved tag rows to query.
    tag_ids = [tag.pk for tag in article.tags.all()]
    others = Page.objects.exclude(pk=article.pk)
    related = []
    if tag_ids:
        tagged = ArticleTag.objects.filter(tag_id__in=tag_ids)
        # Counting stops past the threshold: a common topic's rows are not all counted.
        if tagged[: RELATED_READ_WHOLE_TOPIC_UP_TO + 1].count() <= RELATED_READ_WHOLE_TOPIC_UP_TO:
            sharing = others.filter(pk__in=tagged.values("content_object_id"))
        else:
            # Common topics: most recent articles carry one, so the walk is short.
            sharing = others.filter(Exists(tagged.filter(content_object_id=OuterRef("pk"))))
        related = _articles_among(_newest_first(sharing), limit=limit)
    if len(related) < limit:
        siblings = others.child_of(article.get_parent()).exclude(pk__in=[a.pk for a in related])
        # The parent's children may include subsections: ask for more, keep the articles.
        related += _articles_among(_newest_first(siblings), limit=limit * 2)
    return related[:limit]


def _articles_among(pages: QuerySet[Page], *, limit: int) -> list[ArticlePage]:
    """The articles among the first `limit` of `pages`, newest first, in one query: the pages
    are picked in a subquery on the page table alone, where SQLite walks the date index (a
    type filter there would make it read every article instead)."""
    return list(articles_listed().filter(pk__in=pages.values("pk")[:limit]))


def sections_for_home(*, home: Page) -> QuerySet[SectionPage]:
    # The type filter lets SQLite start from the few sections (an index on the content type)
    # instead of walking the page tree below the home page in path order.
    return (
        SectionPage.objects.child_of(home)
        .type(SectionPage)
        .live()
        .filter(public_q())
        .order_by("path")
    )

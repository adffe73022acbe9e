"""What the portal offers to machines: RSS 2.0 and Atom feeds, the sitemap and robots.txt.

The URLs (lantoa/portal/feed_urls.py) sit outside the language prefixes:

    /rss.xml, /atom.xml                                   the whole site, default language
    /feeds/<section path>/rss.xml, …/atom.xml             one section and its subsections
    /en/rss.xml, /en/feeds/<section path>/rss.xml …       the same in another content language
    /sitemap.xml                                          every live public page, every language
    /robots.txt

A section is named by its path under the home page (`nghi-quyet-57`, `nghi-quyet-57/su-kien`)
rather than by id, so the feed URL reads like the section's own URL. The language segment is
needed because a translated section keeps its slug.
"""

from dataclasses import dataclass
from html import unescape

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page, Site

from lantoa.directory.selectors import home_organisation
from lantoa.portal.models import ArticlePage, SectionPage
from lantoa.portal.selectors import articles_published
from lantoa.portal.templatetags.portal_tags import share_rendition

FEED_ITEMS = 30


def site_for_request(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        raise Http404("No site is configured.")
    return site


def feed_urls(*, language: str | None, section_path: str | None = None) -> dict[str, str]:
    """The RSS and Atom URLs of a feed; `language` None means the site's default language."""
    name = "section_feed" if section_path else "feed"
    kwargs = {"section_path": section_path} if section_path else {}
    if language:
        name += "_language"
        kwargs["language"] = language
    return {
        "rss": reverse(f"portal_{name}_rss", kwargs=kwargs),
        "atom": reverse(f"portal_{name}_atom", kwargs=kwargs),
    }


def section_path(section: Page, *, home_depth: int) -> str:
    """The section's path under its home page: "nghi-quyet-57" or "nghi-quyet-57/su-kien"."""
    segments = [segment for segment in section.url_path.split("/") if segment]
    return "/".join(segments[home_depth - 1 :])


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html or "")).split())


@dataclass(frozen=True)
class FeedSource:
    home: Page
    page: Page  # the home page or a section
    site: Site
    language_code: str
    request: HttpRequest


class ArticlesRssFeed(Feed):
    """The latest live public articles under a home page or a section, newest first."""

    feed_type = Rss201rev2Feed

    def get_object(
        self, request: HttpRequest, language: str | None = None, section_path: str | None = None
    ) -> FeedSource:
        site = site_for_request(request)
        root = site.root_page
        locale_id = root.locale_id
        if language is not None:
            locale = Locale.objects.filter(language_code=language).first()
            # The default language has no prefix: /vi/rss.xml would only duplicate /rss.xml.
            if locale is None or locale.pk == root.locale_id:
                raise Http404("No such language.")
            locale_id = locale.pk
        home = (
            Page.objects.live()
            .public()
            .filter(translation_key=root.translation_key, locale_id=locale_id)
            .select_related("locale")
            .first()
        )
        if home is None:
            raise Http404("This language has no home page.")
        page = home
        if section_path:
            page = (
                SectionPage.objects.live()
                .public()
                .filter(url_path=f"{home.url_path}{section_path.strip('/')}/")
                .first()
            )
            if page is None:
                raise Http404("No such section.")
        return FeedSource(
            home=home,
            page=page,
            site=site,
            language_code=home.locale.language_code,
            request=request,
        )

    def get_feed(self, obj: FeedSource, request: HttpRequest):
        # The feed's language and its translated strings follow the content, not the browser.
        with translation.override(obj.language_code):
            return super().get_feed(obj, request)

    def title(self, obj: FeedSource) -> str:
        if obj.page.pk == obj.home.pk:
            return obj.home.title
        return f"{obj.page.title} — {obj.home.title}"

    def link(self, obj: FeedSource) -> str:
        return obj.page.get_full_url(obj.request)

    def feed_url(self, obj: FeedSource) -> str:
        return f"{obj.site.root_url}{obj.request.path}"

    def description(self, obj: FeedSource) -> str:
        return _plain(getattr(obj.page.specific, "intro", "")) or self.title(obj)

    def author_name(self, obj: FeedSource) -> str:
        organisation = home_organisation()
        if organisation is None:
            return obj.home.title
        if obj.language_code == "en" and organisation.name_en:
            return organisation.name_en
        return organisation.name

    def items(self, obj: FeedSource) -> list[ArticlePage]:
        articles = list(
            articles_published()
            .descendant_of(obj.page)
            .prefetch_related("featured_image__renditions")[:FEED_ITEMS]
        )
        # The item methods get no request: resolve the URLs here, with the request's caches.
        for article in articles:
            article.feed_link = article.get_full_url(obj.request)
            article.feed_root_url = obj.site.root_url
        return articles

    def item_title(self, item: ArticlePage) -> str:
        # Plain text, as RSS 2.0 and Atom define it (Django's default escapes it once more,
        # which readers such as feedparser then show as "&amp;").
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return escape(item.lead)

    def item_link(self, item: ArticlePage) -> str:
        return item.feed_link

    def item_guid_is_permalink(self, item: ArticlePage) -> bool:
        return True

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: ArticlePage) -> str | None:
        return item.authoring_unit.name if item.authoring_unit else None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        if item.featured_image is None:
            return []
        rendition = share_rendition(item.featured_image)
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:
            return []
        return [
            Enclosure(
                url=_absolute(rendition.url, item.feed_root_url),
                length=str(length),
                mime_type="image/jpeg",
            )
        ]


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: FeedSource) -> str:
        return self.description(obj)


def _absolute(url: str, root_url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{root_url.rstrip('/')}/{url.lstrip('/')}"


class PortalSitemap(Sitemap):
    """Every live public page of the site in every language, each listing its translations
    (Wagtail's own sitemap lists the default language's tree only)."""

    def _pages(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_any_tree = Q(pk__in=[])
        for home_path in homes.values_list("path", flat=True):
            in_any_tree |= Q(path__startswith=home_path)
        return Page.objects.filter(in_any_tree).live().public()

    def items(self):
        return self._pages().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        by_key: dict = {}
        for other in self._pages().select_related("locale"):
            by_key.setdefault(other.translation_key, []).append(other)
        alternates_for = {}
        default_language = self.get_wagtail_site().root_page.locale.language_code
        for group in by_key.values():
            if len(group) < 2:
                continue
            alternates = [
                {
                    "lang_code": other.locale.language_code,
                    "location": other.get_full_url(self.request),
                }
                for other in group
            ]
            alternates += [
                {"lang_code": "x-default", "location": alternate["location"]}
                for alternate in alternates
                if alternate["lang_code"] == default_language
            ]
            for alternate in alternates:
                if alternate["lang_code"] != "x-default":
                    alternates_for[alternate["location"]] = alternates
        for url in urls:
            url["alternates"] = alternates_for.get(url["location"], [])
        return urls


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"pages": PortalSitemap})


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    return HttpResponse(
        render_to_string(
            "robots.txt",
            {"sitemap_url": f"{site.root_url}{reverse('portal_sitemap')}"},
            request=request,
        ),
        content_type="text/plain; charset=utf-8",
    )

"""The public site's chrome: navigation, languages, page metadata and sharing images.

base.html asks `{% portal_chrome as chrome %}` once; everything it shows comes from that object,
which costs one query whatever the page: the current page's translations. The home pages and
their children (the menus) and the agency's contacts, the same on every page, are kept in the
cache until public content next changes (`published_content_cached`): finding a home page's
children means walking the page tree below it, which grows with every article.
"""

from dataclasses import dataclass
from functools import cached_property
from html import unescape
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

from lantoa.core.text import nfc
from lantoa.portal.caching import published_content_cached
from lantoa.portal.selectors import public_q

register = template.Library()

# The page of links to other state agencies (the "links" entry of portal.yaml); the footer
# points at it in the visitor's language, else in the default language.
LINKS_PAGE_SLUG = "lien-ket"
# One rendition serves Open Graph, Twitter cards and feed enclosures: 1200×630 is what the big
# social networks crop to, and JPEG is what every one of them and every feed reader accepts.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-85"
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
DESCRIPTION_WORDS = 40


def share_rendition(image):
    """The image's sharing rendition, or None when its file is missing."""
    try:
        return image.get_rendition(SHARE_IMAGE_SPEC)
    except (SourceImageIOError, OSError):
        return None


def language_name_local(code: str) -> str:
    """The language's name in itself ("Tiếng Việt"), as language menus show it."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)


def language_name(code: str) -> str:
    """The language's name in the active language ("Vietnamese" when reading English)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)


def og_locale(code: str) -> str:
    return OG_LOCALES.get(code, translation.to_locale(code))


def page_description(page) -> str:
    """The search description, else the lead, else the introduction, as plain text."""
    text = (
        page.search_description
        or getattr(page, "lead", "")
        or unescape(strip_tags(str(getattr(page, "intro", "") or "")))
    )
    return Truncator(" ".join(nfc(text).split())).words(DESCRIPTION_WORDS)


def _content_language_order(code: str) -> int:
    codes = [language for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def public_pages(queryset):
    """Pages outside every private section (the sections are kept in the cache until the next
    change; Wagtail's .public() loads them each time it is called)."""
    return queryset.filter(public_q())


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    current: str = ""  # the aria-current value: "page", "true" (an ancestor) or ""
    hreflang: str = ""  # set when the target is in another language than the visitor's


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself
    url: str
    translated: bool  # False: the current page has no version in it; `url` is its home page
    current: bool


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


class PortalChrome:
    """What the site's frame shows around one page (or around a non-page view, page=None)."""

    def __init__(self, request, page: Page | None):
        self.request = request
        self.page = page
        self.language_code = translation.get_language() or settings.LANGUAGE_CODE
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        self.site = site
        self.root = site.root_page if site else None

    @cached_property
    def _keys(self) -> set:
        keys = {self.root.translation_key}
        if self.page is not None:
            keys.add(self.page.translation_key)
        return keys

    # The pages the frame links to: the home page in every language (switcher, menus), the
    # children of every home page (menus), and the current page in every language it exists in
    # (switcher, hreflang).
    @cached_property
    def _frame_pages(self) -> list[Page]:
        if self.root is None:
            return []
        site_pages = published_content_cached(f"frame:{self.root.pk}", self._site_pages)
        if self.page is None or self.page.translation_key == self.root.translation_key:
            return site_pages
        translations = public_pages(
            Page.objects.live()
            .filter(translation_key=self.page.translation_key)
            .select_related("locale")
        )
        # A home page's child (a section) is in both lists.
        by_id = {page.pk: page for page in [*site_pages, *translations]}
        return sorted(by_id.values(), key=lambda page: page.path)

    def _site_pages(self) -> list[Page]:
        """The home pages and their children. A site's home pages are siblings, so their
        children are the pages one level below them."""
        queryset = (
            Page.objects.live()
            .filter(
                Q(translation_key=self.root.translation_key, depth=self.root.depth)
                | Q(depth=self.root.depth + 1, path__startswith=self.root.path[: -Page.steplen])
            )
            .select_related("locale")
            .order_by("path")
        )
        return list(public_pages(queryset))

    @cached_property
    def _translated(self) -> list[Page]:
        return sorted(
            (page for page in self._frame_pages if page.translation_key in self._keys),
            key=lambda page: _content_language_order(page.locale.language_code),
        )

    @cached_property
    def homes(self) -> dict[str, Page]:
        return {
            page.locale.language_code: page
            for page in self._translated
            if page.translation_key == self.root.translation_key and page.depth == self.root.depth
        }

    @cached_property
    def translations(self) -> dict[str, Page]:
        if self.page is None:
            return {}
        return {
            page.locale.language_code: page
            for page in self._translated
            if page.translation_key == self.page.translation_key
        }

    @cached_property
    def default_language(self) -> str:
        for code, home in self.homes.items():
            if home.pk == self.root.pk:
                return code
        return settings.LANGUAGE_CODE

    @cached_property
    def home(self) -> Page | None:
        """The home page in the visitor's language, else the site's own."""
        return self.homes.get(self.language_code) or self.homes.get(self.default_language)

    @cached_property
    def is_home(self) -> bool:
        return self.page is not None and self.home is not None and self.page.pk == self.home.pk

    @cached_property
    def site_name(self) -> str:
        if self.home is not None:
            return self.home.title
        return (self.site and self.site.site_name) or settings.WAGTAIL_SITE_NAME

    @cached_property
    def home_url(self) -> str:
        return self.home.get_url(self.request) if self.home else "/"

    @cached_property
    def page_language(self) -> str | None:
        if self.page is None:
            return None
        for code, page in self.translations.items():
            if page.pk == self.page.pk:
                return code
        return self.page.locale.language_code  # a draft being previewed

    @cached_property
    def _children(self) -> list[Page]:
        """The children of the home page in the visitor's and in the default language."""
        parents = {home.path for home in (self.home, self.homes.get(self.default_language)) if home}
        return [
            page
            for page in self._frame_pages
            if page.depth == self.root.depth + 1 and page.path[: -Page.steplen] in parents
        ]

    @cached_property
    def navigation(self) -> list[Link]:
        if self.home is None:
            return []
        links = [Link(gettext("Home"), self.home_url, "page" if self.is_home else "")]
        for child in self._children:
            if not child.path.startswith(self.home.path):
                continue
            current = ""
            if self.page is not None and self.page.pk == child.pk:
                current = "page"
            elif self.page is not None and self.page.path.startswith(child.path):
                current = "true"
            links.append(Link(child.title, child.get_url(self.request), current))
        return links

    @cached_property
    def links_page(self) -> Link | None:
        """The page of links to other state agencies, preferring the visitor's language."""
        candidates = [child for child in self._children if child.slug == LINKS_PAGE_SLUG]
        candidates.sort(key=lambda child: not child.path.startswith(self.home.path))
        if not candidates:
            return None
        page = candidates[0]
        language = page.locale.language_code
        return Link(
            page.title,
            page.get_url(self.request),
            hreflang=language if language != self.language_code else "",
        )

    @cached_property
    def languages(self) -> list[Language]:
        """The language switcher: the current page in every language the site is published in;
        where it is not translated, the default-language page under that language's prefix
        (shown with a note), or that language's home page."""
        result = []
        for code, home in self.homes.items():
            translated = self.translations.get(code)
            if translated is not None:
                url = translated.get_url(self.request)
            elif self.page is None and self.request is not None:
                # A non-page view (plans, search): the same view under the other prefix.
                url = translate_url(self.request.get_full_path(), code)
            elif self._default_page_url:
                # Not translated: the page itself under the language's prefix, where it shows
                # in the default language with a note in the visitor's (HomePage.route).
                url = self._default_page_url
                if code != self.default_language:
                    url = f"/{code}{url}"
            else:
                url = home.get_url(self.request)
            result.append(
                Language(
                    code=code,
                    name=language_name_local(code),
                    url=url,
                    translated=translated is not None or self.page is None,
                    current=code == self.language_code,
                )
            )
        return result

    @cached_property
    def _default_page_url(self) -> str:
        """The current page's path in the default language's tree ("" when it has none)."""
        page = self.translations.get(self.default_language)
        if page is None:
            return ""
        url = page.get_url(self.request) or ""
        return url if url.startswith("/") else ""

    @cached_property
    def hreflang(self) -> list[Alternate]:
        alternates = [
            Alternate(code, page.get_full_url(self.request))
            for code, page in self.translations.items()
        ]
        default = self.translations.get(self.default_language)
        if default is not None:
            alternates.append(Alternate("x-default", default.get_full_url(self.request)))
        return alternates

    @cached_property
    def canonical_url(self) -> str:
        if self.page is not None:
            url = self.page.get_full_url(self.request)
            number = self.request.GET.get("page", "") if self.request is not None else ""
            if url and number.isdigit() and int(number) > 1:
                url = f"{url}?page={int(number)}"
            return url or ""
        if self.site is not None and self.request is not None:
            return f"{self.site.root_url}{self.request.path}"
        return ""

    @cached_property
    def description(self) -> str:
        return page_description(self.page) if self.page is not None else ""

    @cached_property
    def og_type(self) -> str:
        from lantoa.portal.models import ArticlePage

        return "article" if isinstance(self.page, ArticlePage) else "website"

    @cached_property
    def og_locale(self) -> str:
        return og_locale(self.page_language or self.language_code)

    @cached_property
    def og_locale_alternates(self) -> list[str]:
        return [og_locale(code) for code in self.translations if code != self.page_language]

    @cached_property
    def share_image(self) -> dict | None:
        image = getattr(self.page, "featured_image", None)
        if image is None or self.site is None:
            return None
        rendition = share_rendition(image)
        if rendition is None:
            return None
        return {
            "url": urljoin(f"{self.site.root_url}/", rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text or "",
        }

    @cached_property
    def untranslated_notice(self) -> dict | None:
        """Set when the visitor's language (from the URL) is not the page's: the page exists
        only in its original language and is shown in that."""
        if self.page is None or self.page_language in (None, self.language_code):
            return None
        return {
            "missing": gettext("This page is not yet available in %(language)s.")
            % {"language": language_name(self.language_code)},
            "reading": gettext("You are reading the %(language)s original.")
            % {"language": language_name(self.page_language)},
            "url": self.page.get_url(self.request),
            "language": self.page_language,
        }

    @cached_property
    def organisation(self) -> dict | None:
        """The agency's name and contacts for the footer, its English name for English."""
        from lantoa.directory.selectors import home_organisation

        organisation = published_content_cached("home-organisation", home_organisation)
        if organisation is None:
            return None
        english = self.language_code == "en" and organisation.name_en
        return {
            "name": organisation.name_en if english else organisation.name,
            "address": organisation.address,
            "phone": organisation.phone,
            "email": organisation.email,
        }

    @cached_property
    def feeds(self) -> dict[str, str] | None:
        """The site-wide feeds in the visitor's language (else the default language's)."""
        from lantoa.portal.feeds import feed_urls

        if self.home is None:
            return None
        code = next(code for code, home in self.homes.items() if home.pk == self.home.pk)
        return feed_urls(language=None if code == self.default_language else code)

    def section_feeds(self) -> dict[str, str] | None:
        """The current section's feeds."""
        from lantoa.portal.feeds import feed_urls, section_path

        if self.page is None or self.root is None:
            return None
        language = self.page_language
        return feed_urls(
            language=None if language == self.default_language else language,
            section_path=section_path(self.page, home_depth=self.root.depth),
        )


@register.simple_tag(takes_context=True)
def portal_chrome(context) -> PortalChrome:
    """{% portal_chrome as chrome %}: built once per request and page."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    key = page.pk if page is not None else None
    cache = getattr(request, "_lantoa_chrome", None) if request is not None else None
    if cache is not None and cache[0] == key:
        return cache[1]
    chrome = PortalChrome(request, page)
    if request is not None:
        request._lantoa_chrome = (key, chrome)
    return chrome


@register.simple_tag(takes_context=True)
def section_feed_urls(context) -> dict[str, str] | None:
    """{% section_feed_urls as feeds %} on a section page: its RSS and Atom URLs."""
    return portal_chrome(context).section_feeds()


@register.simple_tag(takes_context=True)
def share_image(context, page=None) -> dict | None:
    """{% share_image page as image %}: the page's sharing image, absolute URL and size."""
    chrome = portal_chrome(context)
    if page is None or page == chrome.page:
        return chrome.share_image
    return PortalChrome(context.get("request"), page).share_image

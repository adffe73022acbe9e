"""Feeds, sitemap and robots.txt: outside the language prefixes (see lantoa/portal/feeds.py).

Included before i18n_patterns, so the optional language segment here is matched first; a page
slug never ends in ".xml", so no page URL is shadowed.
"""

from django.urls import path, re_path

from lantoa.portal import feeds

LANGUAGE = r"(?P<language>[a-z]{2,3}(?:-[a-z0-9]+)?)"
SECTION = r"(?P<section_path>[-\w]+(?:/[-\w]+)*)"

urlpatterns = [
    path("robots.txt", feeds.robots_txt, name="portal_robots"),
    path("sitemap.xml", feeds.sitemap, name="portal_sitemap"),
    path("rss.xml", feeds.ArticlesRssFeed(), name="portal_feed_rss"),
    path("atom.xml", feeds.ArticlesAtomFeed(), name="portal_feed_atom"),
    re_path(
        rf"^feeds/{SECTION}/rss\.xml$", feeds.ArticlesRssFeed(), name="portal_section_feed_rss"
    ),
    re_path(
        rf"^feeds/{SECTION}/atom\.xml$",
        feeds.ArticlesAtomFeed(),
        name="portal_section_feed_atom",
    ),
    re_path(rf"^{LANGUAGE}/rss\.xml$", feeds.ArticlesRssFeed(), name="portal_feed_language_rss"),
    re_path(rf"^{LANGUAGE}/atom\.xml$", feeds.ArticlesAtomFeed(), name="portal_feed_language_atom"),
    re_path(
        rf"^{LANGUAGE}/feeds/{SECTION}/rss\.xml$",
        feeds.ArticlesRssFeed(),
        name="portal_section_feed_language_rss",
    ),
    re_path(
        rf"^{LANGUAGE}/feeds/{SECTION}/atom\.xml$",
        feeds.ArticlesAtomFeed(),
        name="portal_section_feed_language_atom",
    ),
]

"""Portal articles as evidence on the plan tasks they serve (ArticlePage.plan_tasks).

`articles_by_task` is the provider registered with lantoa.plans.evidence in
PortalConfig.ready(), so the plan dashboard can show "N articles" per task without importing
the portal. Only live, public articles count: evidence must be something anyone can open.
"""

import re
from urllib.parse import quote

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from lantoa.plans.evidence import EvidenceItem
from lantoa.portal.models import ArticleKind, ArticlePage

# What Django's reverse() leaves unquoted in a path (RFC 3986 sub-delimiters, "/~:@").
URL_PATH_SAFE = "!$&'()*+,;=/~:@"
# Slugs as Wagtail makes them here (ASCII): nothing to quote, and quote() is the slow part.
UNQUOTED_PATH = re.compile(r"[A-Za-z0-9_.~/-]*")


def articles_public() -> QuerySet[ArticlePage]:
    return ArticlePage.objects.live().public().order_by("-first_published_at", "-pk")


def articles_for_task(node) -> QuerySet[ArticlePage]:
    """Live, public articles that serve this plan task, newest first."""
    return articles_public().filter(plan_tasks=node)


def articles_by_task(plan) -> dict[int, list[EvidenceItem]]:
    """{task node id: [EvidenceItem per live, public article serving it]}, newest first.

    A plan's tasks may be served by tens of thousands of articles, so they are read as rows,
    not pages (building a page and asking its address costs about a millisecond each). An
    article's address is its parent's followed by its slug, which is how Wagtail builds both
    from their `url_path`: only the parents (the sections) are asked. Four queries whatever the
    number of tasks and articles: view restrictions, the links with their articles, the parents,
    and the site root paths.
    """
    rows = list(
        articles_public()
        .filter(plan_tasks__plan=plan)
        .values_list("plan_tasks", "pk", "title", "kind", "first_published_at", "path", "url_path")
    )
    if not rows:
        return {}
    parents = {
        parent.path: parent
        for parent in Page.objects.filter(path__in={row[5][: -Page.steplen] for row in rows})
    }
    parent_urls: dict[str, str | None] = {}
    kinds = {value: str(label) for value, label in ArticleKind.choices}
    zone = timezone.get_default_timezone()
    items: dict[int, EvidenceItem] = {}
    by_task: dict[int, list[EvidenceItem]] = {}
    for node_id, pk, title, kind, published, path, url_path in rows:
        item = items.get(pk)
        if item is None:
            parent = parents.get(path[: -Page.steplen])
            if parent is not None and parent.path not in parent_urls:
                parent_urls[parent.path] = parent.get_url()
            item = items[pk] = EvidenceItem(
                label=title,
                url=_article_url(parent, parent_urls.get(path[: -Page.steplen]), url_path, pk),
                kind=kinds.get(kind, kind),
                day=timezone.localtime(published, zone).date() if published else None,
            )
        # Rows come newest first, so each task's list is too.
        by_task.setdefault(node_id, []).append(item)
    return by_task


def _article_url(parent: Page | None, parent_url: str | None, url_path: str, pk: int) -> str:
    if parent is not None and parent_url and url_path.startswith(parent.url_path):
        tail = url_path[len(parent.url_path) :]
        if not UNQUOTED_PATH.fullmatch(tail):
            tail = quote(tail, safe=URL_PATH_SAFE)
        return parent_url + tail
    # A tree Wagtail would not have left behind: ask the page itself.
    page = Page.objects.filter(pk=pk).first()
    return (page.get_url() if page else None) or ""

"""Portal articles as evidence on the plan tasks they serve (ArticlePage.plan_tasks).

`articles_by_task` is the provider registered with lantoa.plans.evidence in
PortalConfig.ready(), so the plan dashboard can show "N articles" per task without importing
the portal. Only live, public articles count: evidence must be something anyone can open.
"""

from django.db.models import QuerySet
from django.utils import timezone

from lantoa.plans.evidence import EvidenceItem
from lantoa.portal.models import ArticlePage


def articles_public() -> QuerySet[ArticlePage]:
    return ArticlePage.objects.live().public().order_by("-first_published_at", "-pk")


def articles_for_task(node) -> QuerySet[ArticlePage]:
    """Live, public articles that serve this plan task, newest first."""
    return articles_public().filter(plan_tasks=node)


def articles_by_task(plan) -> dict[int, list[EvidenceItem]]:
    """{task node id: [EvidenceItem per live, public article serving it]}, newest first.

    Two queries whatever the number of tasks and articles: the articles, then their links.
    """
    articles = {
        article.pk: article
        for article in articles_public().filter(plan_tasks__plan=plan).distinct()
    }
    if not articles:
        return {}
    links = ArticlePage.plan_tasks.through.objects.filter(
        articlepage_id__in=list(articles), plannode__plan=plan
    ).values_list("plannode_id", "articlepage_id")
    items = {}
    for article_id, article in articles.items():
        published = article.first_published_at
        items[article_id] = EvidenceItem(
            label=article.title,
            url=article.get_url() or "",
            kind=str(article.get_kind_display()),
            day=timezone.localtime(published, timezone.get_default_timezone()).date()
            if published
            else None,
        )
    by_task: dict[int, list[EvidenceItem]] = {}
    for node_id, article_id in links:
        by_task.setdefault(node_id, []).append(items[article_id])
    for evidence in by_task.values():
        evidence.sort(key=lambda item: (item.day is not None, item.day), reverse=True)
    return by_task

"""The portal's public search: Vietnamese, case- and diacritics-insensitive, the same on SQLite
and PostgreSQL.

The database matches: pages index folded copies of their text (`folded_title`,
`folded_text`), and the query is folded with the same `core.text.fold`, so "doi moi",
"ĐỔI MỚI" and "Đổi mới" are the same words to the search backend. The backends' own scores
differ (BM25 on SQLite, ts_rank on PostgreSQL), so they only choose a bounded set of
candidates; Python then ranks those by rules that do not depend on the database:

1. the exact phrase in the title,
2. every word in the title,
3. the exact phrase in the lead or body,
4. every word somewhere,
5. some of the words (looked for only when few pages have them all),

newest first within each rank. Snippets and titles are highlighted by finding, in the text as
written, the words whose fold matches a query word, so "doi moi" marks "Đổi mới".
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from wagtail.models import Locale, Page
from wagtail.search.query import Phrase, PlainText

from lantoa.core.blocks import stream_plain_text
from lantoa.core.text import fold_finder, fold_words, nfc, truncate
from lantoa.portal.models import ArticlePage, SectionPage, StandardPage

QUERY_MAX_CHARS = 200
# More words than this rarely find anything, and each one costs the database a posting list.
QUERY_MAX_WORDS = 10
# How many pages each database search hands to the Python ranking. Bounds the work per query
# whatever the size of the site; a visitor who needs more than this should narrow the search.
CANDIDATES = 200
RESULTS_PER_PAGE = 10
# Pages with only some of the words are looked for when fewer than this have them all: they
# fill a thin first page, and are noise (and a costly scan of common words) below many.
SOME_WORDS_BELOW = RESULTS_PER_PAGE
SNIPPET_CHARS = 240
# How much text before the first match a snippet shows, so the match reads in context.
SNIPPET_LEAD_IN = 60

RANK_TITLE_PHRASE = 1
RANK_TITLE_WORDS = 2
RANK_TEXT_PHRASE = 3
RANK_ALL_WORDS = 4
RANK_SOME_WORDS = 5


@dataclass(frozen=True)
class CleanQuery:
    """A visitor's query made safe: `text` to show back, `words` to search for (folded)."""

    text: str
    words: tuple[str, ...]

    @property
    def unique_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.words))


@dataclass(frozen=True)
class SearchHit:
    page: Page
    rank: int
    title_html: SafeString
    snippet_html: SafeString
    kind_label: str
    section: SectionPage | None
    published_at: datetime.datetime | None


@dataclass(frozen=True)
class SearchResults:
    query: CleanQuery
    hits: list[SearchHit]
    page: PaginatorPage
    count: int
    # True when a database search returned its full quota of candidates: more pages match
    # than were ranked, and the visitor should narrow the search.
    truncated: bool
    filters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Candidate:
    pk: int
    title: str
    published_at: datetime.datetime | None


def query_clean(raw: object) -> CleanQuery:
    """Any input → a query: NFC, control characters (NUL included) removed, at most
    QUERY_MAX_CHARS characters; the words are folded letters and digits only, so quotes,
    `OR`, `*`, `-` and the like reach the database as plain words or not at all."""
    text = nfc(raw if isinstance(raw, str) else "")
    text = "".join(" " if not char.isprintable() else char for char in text)
    text = truncate(" ".join(text.split()), QUERY_MAX_CHARS).strip()
    words = tuple(fold_words(text)[:QUERY_MAX_WORDS])
    return CleanQuery(text=text, words=words)


def portal_search(
    *,
    query: str,
    section: SectionPage | None = None,
    kind: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    locale: Locale | None = None,
    page: int | str | None = 1,
) -> SearchResults:
    """Live, public articles, sections and standard pages matching `query`, ranked (see the
    module docstring) and paginated. `kind`, `date_from` and `date_to` (inclusive, local
    dates of first publication) narrow the search to articles; `section` to one section's
    subtree. Never raises on the query: an empty or unusable one gives an empty page."""
    clean = query_clean(query)
    filters = {"section": section, "kind": kind, "date_from": date_from, "date_to": date_to}
    if not clean.words:
        return _results(clean, [], page=page, truncated=False, filters=filters)

    searchable = _searchable(
        section=section, kind=kind, date_from=date_from, date_to=date_to, locale=locale
    )
    words = clean.words
    unique = clean.unique_words
    everything = _search(searchable, PlainText(" ".join(unique), operator="and"))
    phrase_hits = everything
    if len(words) > 1:
        phrase_hits = _search(searchable, Phrase(" ".join(words)))
    some = []
    if len(unique) > 1 and len(everything) < SOME_WORDS_BELOW:
        some = _search(searchable, PlainText(" ".join(unique), operator="or"))
    truncated = any(len(found) >= CANDIDATES for found in (everything, phrase_hits, some))

    phrase_ids = {candidate.pk for candidate in phrase_hits}
    all_ids = {candidate.pk for candidate in everything}
    candidates = {candidate.pk: candidate for candidate in [*some, *everything, *phrase_hits]}
    ranked = sorted(
        (
            (
                _rank(candidate, clean, candidate.pk in phrase_ids, candidate.pk in all_ids),
                candidate,
            )
            for candidate in candidates.values()
        ),
        key=_sort_key,
    )
    return _results(clean, ranked, page=page, truncated=truncated, filters=filters)


def _searchable(*, section, kind, date_from, date_to, locale) -> QuerySet:
    articles_only = bool(kind or date_from or date_to)
    if articles_only:
        pages = ArticlePage.objects.all()
        if kind:
            pages = pages.filter(kind=kind)
    else:
        pages = Page.objects.type(ArticlePage, SectionPage, StandardPage)
    pages = pages.live().public()
    if locale is not None:
        pages = pages.filter(locale=locale)
    if section is not None:
        pages = pages.descendant_of(section)
    if date_from:
        pages = pages.filter(first_published_at__gte=_local_midnight(date_from))
    if date_to and date_to < datetime.date.max:
        pages = pages.filter(first_published_at__lt=_local_midnight(date_to, days=1))
    # The ranking needs only these; the page shown loads its ten results in full.
    return pages.only("id", "title", "first_published_at")


def _local_midnight(day: datetime.date, *, days: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time.min)
    return timezone.make_aware(moment)


def _search(searchable: QuerySet, query) -> list[_Candidate]:
    return [
        _Candidate(pk=page.pk, title=page.title, published_at=page.first_published_at)
        for page in searchable.search(query, order_by_relevance=True)[:CANDIDATES]
    ]


def _contains_run(haystack: list[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == needle for i in range(len(haystack) - size + 1))


def _rank(candidate: _Candidate, clean: CleanQuery, phrase_hit: bool, all_hit: bool) -> int:
    title_words = fold_words(candidate.title)
    if _contains_run(title_words, clean.words):
        return RANK_TITLE_PHRASE
    if set(clean.words) <= set(title_words):
        return RANK_TITLE_WORDS
    if phrase_hit:
        return RANK_TEXT_PHRASE
    if all_hit:
        return RANK_ALL_WORDS
    return RANK_SOME_WORDS


def _sort_key(item: tuple[int, _Candidate]):
    rank, candidate = item
    published = candidate.published_at.timestamp() if candidate.published_at else float("-inf")
    return (rank, -published, -candidate.pk)


def _results(clean, ranked, *, page, truncated, filters) -> SearchResults:
    paginator = Paginator(ranked, RESULTS_PER_PAGE)
    current = paginator.get_page(page)
    ranks = {candidate.pk: rank for rank, candidate in current.object_list}
    pages = Page.objects.filter(pk__in=ranks).specific() if ranks else []
    by_id = {shown.pk: shown for shown in pages}
    sections = _parent_sections(by_id.values())
    hits = [_hit(by_id[pk], rank, clean, sections) for pk, rank in ranks.items() if pk in by_id]
    return SearchResults(
        query=clean,
        hits=hits,
        page=current,
        count=paginator.count,
        truncated=truncated,
        filters=filters,
    )


def _parent_sections(pages) -> dict[str, SectionPage]:
    parent_paths = {shown.path[: -Page.steplen] for shown in pages if shown.depth > 1}
    if not parent_paths:
        return {}
    return {section.path: section for section in SectionPage.objects.filter(path__in=parent_paths)}


def _hit(shown: Page, rank: int, clean: CleanQuery, sections) -> SearchHit:
    if isinstance(shown, ArticlePage):
        kind_label = shown.get_kind_display()
        text = f"{shown.lead}\n{shown.body_text()}"
    elif isinstance(shown, StandardPage):
        kind_label = str(shown._meta.verbose_name)
        text = f"{shown.lead}\n{stream_plain_text(shown.body)}"
    else:
        kind_label = str(shown._meta.verbose_name)
        text = strip_tags(getattr(shown, "intro", "") or "")
    return SearchHit(
        page=shown,
        rank=rank,
        title_html=highlight_html(shown.title, clean.unique_words),
        snippet_html=excerpt_html(text, clean.words),
        kind_label=capfirst(kind_label),
        section=sections.get(shown.path[: -Page.steplen]),
        published_at=shown.first_published_at,
    )


def highlight_html(text: str, words: tuple[str, ...]) -> SafeString:
    """`text` escaped, with every word whose fold is one of `words` wrapped in <mark>."""
    text = nfc(text)
    return _marked(text, 0, len(text), words)


def excerpt_html(text: str, words: tuple[str, ...], *, size: int = SNIPPET_CHARS) -> SafeString:
    """About `size` characters of `text` around the first match of the phrase (else of any
    word), cut at spaces, escaped, with the matching words in <mark>."""
    text = " ".join(nfc(text).split())
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    unique = tuple(dict.fromkeys(words))
    first = fold_finder(words, phrase=True).search(text) if len(words) > 1 else None
    first = first or fold_finder(unique).search(text)
    start = 0
    if first is not None and first.start() > SNIPPET_LEAD_IN:
        space = text.find(" ", first.start() - SNIPPET_LEAD_IN, first.start())
        start = space + 1 if space >= 0 else first.start()
    end = len(text)
    if end > start + size:
        must_show = first.end() if first is not None else start
        space = text.rfind(" ", must_show, start + size + 1)
        end = space if space > start else max(must_show, len(truncate(text, start + size)))
    html = _marked(text, start, end, unique)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (built from escaped parts)


def _marked(text: str, start: int, end: int, words: tuple[str, ...]) -> SafeString:
    spans: list[list[int]] = []
    for match in fold_finder(words).finditer(text, start, end):
        # Join consecutive matches ("Đổi mới") into one highlight when only spaces part them.
        if spans and not text[spans[-1][1] : match.start()].strip():
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    parts = []
    position = start
    for span_start, span_end in spans:
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))  # noqa: S308 (built from escaped parts)

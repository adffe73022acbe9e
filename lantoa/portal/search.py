"""The portal's public search: Vietnamese, case- and diacritics-insensitive, the same on SQLite
and PostgreSQL, and bounded in cost whatever the size of the site.

Matching. Pages index folded copies of their text (`folded_title`, `folded_text`: see
`core.text.fold`), and the query is folded the same way, so "doi moi", "ĐỔI MỚI" and "Đổi mới"
are the same words to the database. The search reads Wagtail's search index (the database
backend's `IndexEntry` table, and its FTS5 table on SQLite) directly, because the backend's own
query sorts every match by a relevance score computed in a correlated subquery: on SQLite that
re-runs the full-text match once per matching page, which took minutes for common words at
100,000 articles. Here the database returns, in one query, the CANDIDATES most recently indexed
pages that match and pass the filters, a walk it can stop early (FTS5 yields matches in rowid
order), together with whether each holds the query as an exact phrase.

Ranking. Python then orders those candidates by rules that do not depend on the database:

1. the exact phrase in the title,
2. every word in the title,
3. the exact phrase in the lead or body,
4. every word somewhere,
5. some of the words (looked for only when few pages have them all),

newest first within each rank. When more pages match than CANDIDATES, the most recent ones are
ranked and the visitor is asked to narrow the search.

Highlighting. Titles and snippets mark, in the text as written, the words whose fold matches
a query word (`core.text.fold_finder`), so "doi moi" marks "Đổi mới"; all else is escaped.
"""

import datetime
import functools
import operator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    BigIntegerField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from lantoa.core.text import fold_finder, fold_words, folded_finder, nfc, truncate
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
# When the filters leave at most this many pages, their index text is read instead of walking
# the full-text index (a few milliseconds either way; the walk is slow when few matches pass).
NARROW = 2000
SNIPPET_CHARS = 240
# How much text before the first match a snippet shows, so the match reads in context.
SNIPPET_LEAD_IN = 60

SEARCHED_MODELS = [ArticlePage, SectionPage, StandardPage]

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
    every_word: bool
    phrase: bool


def query_clean(raw: object) -> CleanQuery:
    """Any input → a query: NFC, control characters (NUL included) removed, at most
    QUERY_MAX_CHARS characters; the words are folded letters and digits only, so quotes,
    `OR`, `*`, `-` and the like reach the database as plain words or not at all."""
    # Cut long input early (generously: what follows can only shorten it).
    text = nfc(raw[: QUERY_MAX_CHARS * 4] if isinstance(raw, str) else "")
    text = "".join(char if char.isprintable() else " " for char in text)
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

    narrowed = bool(section or kind or date_from or date_to)
    searchable, content_types = _searchable(
        section=section, kind=kind, date_from=date_from, date_to=date_to, locale=locale
    )
    find = _finder(searchable, narrowed=narrowed)
    unique = clean.unique_words
    everything = find(searchable, content_types, clean, every_word=True)
    some = []
    if len(unique) > 1 and len(everything) < SOME_WORDS_BELOW:
        some = find(searchable, content_types, clean, every_word=False)
    truncated = len(everything) >= CANDIDATES or len(some) >= CANDIDATES

    candidates = {
        candidate.pk: candidate
        for candidate in [
            *(_candidate(row, clean, every_word=False) for row in some),
            *(_candidate(row, clean, every_word=True) for row in everything),
        ]
    }
    ranked = sorted(
        ((_rank(candidate, clean), candidate) for candidate in candidates.values()),
        key=_sort_key,
    )
    return _results(clean, ranked, page=page, truncated=truncated, filters=filters)


def _searchable(*, section, kind, date_from, date_to, locale) -> tuple[QuerySet, list[int]]:
    """The pages a search may return, and their content types' ids."""
    models = [ArticlePage] if kind or date_from or date_to else SEARCHED_MODELS
    pages = Page.objects.type(*models)
    if kind:
        pages = ArticlePage.objects.filter(kind=kind)
    pages = pages.live().public()
    if locale is not None:
        pages = pages.filter(locale=locale)
    if section is not None:
        pages = pages.descendant_of(section)
    if date_from and date_from > datetime.date.min:
        pages = pages.filter(first_published_at__gte=_local_midnight(date_from))
    if date_to and date_to < datetime.date.max:
        pages = pages.filter(first_published_at__lt=_local_midnight(date_to, days=1))
    content_types = ContentType.objects.get_for_models(*models).values()
    return pages, [content_type.pk for content_type in content_types]


def _local_midnight(day: datetime.date, *, days: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time.min)
    return timezone.make_aware(moment)


# A match from the index: page id, title, first publication, the indexed text (None if unknown).
Row = tuple[int, str, datetime.datetime | None, str | None]


def _finder(searchable: QuerySet, *, narrowed: bool):
    """How to find matching pages on the configured search backend's database: through the
    full-text index, or, when the filters leave few pages, by reading those pages' index text."""
    backend_name = type(get_search_backend()).__name__
    if backend_name == "SQLiteSearchBackend":
        full_text, text_column = _rows_sqlite, "body"
    elif backend_name == "PostgresSearchBackend":
        full_text, text_column = _rows_postgres, "body_text"
    else:
        return _rows_generic
    if narrowed:
        pages = list(
            searchable.order_by().values_list("pk", "title", "first_published_at")[: NARROW + 1]
        )
        if len(pages) <= NARROW:
            return functools.partial(
                _rows_narrow, {pk: (title, date) for pk, title, date in pages}, text_column
            )
    return full_text


def _rows_sqlite(searchable, content_types, clean, *, every_word) -> list[Row]:
    from modelsearch.backends.database.sqlite.query import MatchExpression
    from wagtail.search.models import SQLiteFTSIndexEntry

    # Words are letters and digits only (query_clean), so quoting makes each a plain term.
    match = (" AND " if every_word else " OR ").join(f'"{word}"' for word in clean.unique_words)
    # Only the body column: every folded field is indexed there (the title column holds the
    # title as written), and one column spares FTS5 checking which column each word is in.
    entries = SQLiteFTSIndexEntry.objects.filter(MatchExpression(["body"], Value(match))).filter(
        index_entry__content_type_id__in=content_types
    )
    return _rows_full_text(
        entries,
        searchable,
        object_id="index_entry__object_id",
        text="index_entry__body",
        newest_first="-index_entry_id",
    )


def _rows_postgres(searchable, content_types, clean, *, every_word) -> list[Row]:
    from django.contrib.postgres.search import SearchQuery
    from wagtail.search.models import IndexEntry

    config = get_search_backend().config
    queries = [SearchQuery(word, search_type="plain", config=config) for word in clean.unique_words]
    query = functools.reduce(operator.and_ if every_word else operator.or_, queries)
    entries = IndexEntry.objects.filter(body=query, content_type_id__in=content_types)
    return _rows_full_text(
        entries, searchable, object_id="object_id", text="body_text", newest_first="-id"
    )


def _rows_full_text(entries, searchable, *, object_id, text, newest_first) -> list[Row]:
    """The first CANDIDATES matching index entries, most recently indexed first, whose page
    passes the filters. Walking the full-text index in its own order lets the database stop
    after CANDIDATES rows instead of scoring every match."""
    page_id = Cast(OuterRef(object_id), BigIntegerField())
    pages = Page.objects.filter(pk=page_id)
    return list(
        entries.filter(Exists(searchable.filter(pk=page_id)))
        .annotate(
            page_id=Cast(object_id, BigIntegerField()),
            page_title=Subquery(pages.values("title")[:1]),
            page_published_at=Subquery(pages.values("first_published_at")[:1]),
        )
        .order_by(newest_first)
        .values_list("page_id", "page_title", "page_published_at", text)[:CANDIDATES]
    )


def _rows_narrow(pages, text, searchable, content_types, clean, *, every_word) -> list[Row]:
    """Matches among a few pages (at most NARROW, already filtered): their index entries'
    text, narrowed in the database by substring, then word by word here. Walking the full-text
    index would read every match of common words to find the few that pass the filters."""
    from wagtail.search.models import IndexEntry

    words = clean.unique_words
    contains = [Q(**{f"{text}__contains": word}) for word in words]
    entries = (
        IndexEntry.objects.filter(
            functools.reduce(operator.and_ if every_word else operator.or_, contains),
            content_type_id__in=content_types,
            object_id__in=[str(pk) for pk in pages],
        )
        .order_by("-id")
        .values_list("object_id", text)
    )
    rows = []
    for object_id, indexed in entries.iterator(chunk_size=CANDIDATES):
        present = [folded_finder((word,)).search(indexed or "") is not None for word in words]
        if all(present) if every_word else any(present):
            title, published_at = pages[int(object_id)]
            rows.append((int(object_id), title, published_at, indexed))
            if len(rows) >= CANDIDATES:
                break
    return rows


def _rows_generic(searchable, content_types, clean, *, every_word) -> list[Row]:
    """Other databases: through the search backend's own query, newest pages first, without
    the phrase test (rank 3 merges into rank 4). Fine for small sites; not tuned."""
    query = PlainText(" ".join(clean.unique_words), operator="and" if every_word else "or")
    found = searchable.order_by("-id").search(query, order_by_relevance=False)[:CANDIDATES]
    return [(page.pk, page.title, page.first_published_at, None) for page in found]


def _candidate(row: Row, clean: CleanQuery, *, every_word: bool) -> _Candidate:
    pk, title, published_at, indexed = row
    if len(clean.words) == 1:
        phrase = every_word
    else:
        # The indexed text holds the folded fields, where the phrase is its words in a row.
        phrase = every_word and bool(folded_finder(clean.words, phrase=True).search(indexed or ""))
    return _Candidate(
        pk=pk, title=title, published_at=published_at, every_word=every_word, phrase=phrase
    )


def _contains_run(haystack: list[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == needle for i in range(len(haystack) - size + 1))


def _rank(candidate: _Candidate, clean: CleanQuery) -> int:
    title_words = fold_words(candidate.title)
    if _contains_run(title_words, clean.words):
        return RANK_TITLE_PHRASE
    if set(clean.words) <= set(title_words):
        return RANK_TITLE_WORDS
    if candidate.phrase:
        return RANK_TEXT_PHRASE
    if candidate.every_word:
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
    else:
        kind_label = str(shown._meta.verbose_name)
    if isinstance(shown, ArticlePage | StandardPage):
        text = f"{shown.lead}\n{_stream_text(shown.body)}"
    else:
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


# Keys of raw block values that hold references or settings, not text a visitor reads.
_NOT_TEXT = {"id", "type", "image", "document", "url", "decorative"}


def _stream_text(stream) -> str:
    """The readable text of a StreamField, from its stored JSON: `stream_plain_text` reads the
    blocks, which loads each article's images and documents (a query per result)."""
    parts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            parts.append(strip_tags(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _NOT_TEXT:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(list(getattr(stream, "raw_data", None) or []))
    return "\n".join(part for part in parts if part.strip())


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

"""Reads of the repository: what the public may see, what a member of staff may see.

Staff. Unit staff see and edit only their own unit's assets (`source_unit`); whoever may see
every unit (leaders, the lead division, administrators) or may release assets (editors) sees
all of them. Every admin screen reads assets through `assets_for_user`.

The public sees released assets only (`assets_public`): drafts and withdrawn assets are not
found, whatever the URL.

Search. Assets index folded copies of their text (`Asset.folded_title`, `folded_text`, see
`core.text.fold_for_search`) and the query is folded the same way, so "doi moi", "ĐỔI MỚI" and
"Đổi mới" find the same assets on SQLite and PostgreSQL. As in the portal's search
(`lantoa/portal/search.py`), the database returns at most CANDIDATES of the most recently
indexed matches that pass the filters, in one query over Wagtail's search index, and Python
ranks them: the query as a phrase in the title, every word in the title, then the rest; newest
first within each rank.
"""

import datetime
import functools
import operator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, ReferenceIndex
from wagtail.search.backends import get_search_backend

from lantoa.core.collation import sorted_vietnamese
from lantoa.core.text import fold_words, nfc, truncate
from lantoa.directory.models import Unit
from lantoa.directory.selectors import user_sees_all_units, user_unit
from lantoa.library import renditions
from lantoa.library.licences import Licence, licence_terms
from lantoa.library.models import Asset, AssetKind, AssetStatus, AssetTopic, Audience, Consent

RELEASE_PERMISSION = "library.release_asset"

# Image renditions the repository shows, made by the upload pipeline right after upload (see
# `library.renditions`), so a visitor's page view never waits for one: a missing rendition
# shows a placeholder instead of being made during the request.
CARD_RENDITION = renditions.CARD
PREVIEW_RENDITION = renditions.PREVIEW
# The public download of an image: a re-encoded copy, without the original's EXIF location.
DOWNLOAD_RENDITION = "original"
RENDITION_SPECS = (CARD_RENDITION, PREVIEW_RENDITION, DOWNLOAD_RENDITION)

QUERY_MAX_CHARS = 200
QUERY_MAX_WORDS = 10
CANDIDATES = 500
PER_PAGE = 24
ADMIN_SEARCH_LIMIT = 2000


# --- staff --------------------------------------------------------------------------------------


def user_sees_all_assets(user) -> bool:
    """Leaders, the lead division, administrators and releasers see every unit's assets."""
    return bool(
        user.is_authenticated and (user_sees_all_units(user) or user.has_perm(RELEASE_PERMISSION))
    )


def user_may_release(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(RELEASE_PERMISSION))


def assets_for_user(*, user) -> QuerySet[Asset]:
    """The assets a member of staff may see: every unit's, or only their own unit's."""
    if not user.is_authenticated or not (
        user.has_perm("library.view_asset") or user.has_perm("library.change_asset")
    ):
        return Asset.objects.none()
    assets = Asset.objects.all()
    if user_sees_all_assets(user):
        return assets
    unit = user_unit(user)
    if unit is None:
        return assets.none()
    return assets.filter(source_unit=unit.pk)


def asset_get_for_user(*, user, asset_id: int) -> Asset:
    """The asset, or 404 when it does not exist or belongs to another unit."""
    return get_object_or_404(
        assets_for_user(user=user).select_related(
            "image", "document", "media", "preview_image", "source_unit"
        ),
        pk=asset_id,
    )


def units_for_assets(*, user) -> QuerySet[Unit]:
    """The units a user may name as an asset's source: every active unit, or their own."""
    if user_sees_all_assets(user):
        return Unit.objects.active()
    unit = user_unit(user)
    return Unit.objects.filter(pk=unit.pk) if unit is not None else Unit.objects.none()


def library_root_collection() -> Collection | None:
    """The collection holding the repository (see `library.setup`)."""
    from lantoa.library.setup import library_config

    return Collection.objects.filter(depth=2, name=library_config().collection).first()


def unit_collection(unit: Unit) -> Collection | None:
    """The unit's own collection in the repository, named by the unit."""
    root = library_root_collection()
    if root is None:
        return None
    return root.get_children().filter(name=unit.name).first()


def topic_collections() -> QuerySet[Collection]:
    from lantoa.library.setup import library_config

    root = library_root_collection()
    if root is None:
        return Collection.objects.none()
    return root.get_children().filter(name__in=library_config().topics)


def collections_for_user(*, user) -> QuerySet[Collection]:
    """The collections a user may file assets in: the whole repository for those who see every
    unit; otherwise their own unit's collection (and any below it) and the topic collections."""
    root = library_root_collection()
    if root is None:
        return Collection.objects.none()
    if user_sees_all_assets(user):
        return root.get_descendants(inclusive=False).order_by("path")
    unit = user_unit(user)
    own = unit_collection(unit) if unit is not None else None
    allowed = Q(pk__in=topic_collections().values("pk"))
    if own is not None:
        allowed |= Q(path__startswith=own.path, depth__gte=own.depth)
    return Collection.objects.filter(allowed).order_by("path")


# --- consent ------------------------------------------------------------------------------------


def asset_consent_problems(asset: Asset, *, today: datetime.date) -> list[str]:
    """Why releasing the asset would be unsafe for the people it shows; empty when it is fine.

    Only assets marked as showing identifiable people need consent: at least one consent
    valid today, and none expired."""
    if not asset.depicts_people:
        return []
    consents = sorted_vietnamese(
        Consent.objects.filter(asset=asset).order_by("pk"), key=lambda consent: consent.person_name
    )
    if not consents:
        return [_("Identifiable people appear in it, but no consent is recorded.")]
    problems = [
        _("The consent of %(person)s expired on %(date)s.")
        % {"person": consent.person_name, "date": consent.expires_on.strftime("%d/%m/%Y")}
        for consent in consents
        if consent.expires_on is not None and consent.expires_on < today
    ]
    if not any(consent.is_valid_on(today) for consent in consents):
        problems.append(_("No recorded consent is valid today."))
    return problems


# --- the public ---------------------------------------------------------------------------------


def assets_public() -> QuerySet[Asset]:
    return Asset.objects.filter(status=AssetStatus.RELEASED)


def asset_get_public(*, identifier) -> Asset:
    """A released asset with what its page shows, or 404 (drafts and withdrawn assets too)."""
    return get_object_or_404(
        assets_public().select_related(
            "image", "document", "media", "preview_image", "source_unit", "work"
        ),
        identifier=identifier,
    )


def asset_public_url(asset: Asset) -> str:
    """The asset's public catalogue page (found only once it is released)."""
    return reverse("library_asset", kwargs={"identifier": asset.identifier})


def asset_download_url(asset: Asset) -> str:
    """The counted public download of the asset's file."""
    return reverse("library_asset_download", kwargs={"identifier": asset.identifier})


def asset_embed_url(asset: Asset) -> str:
    """A bare page with the asset's player or preview, for other sites' <iframe>."""
    return reverse("library_asset_embed", kwargs={"identifier": asset.identifier})


def with_card_data(assets: QuerySet[Asset]) -> QuerySet[Asset]:
    """What a catalogue card or an admin listing row shows, in a fixed number of queries."""
    made = get_image_model().get_rendition_model().objects.filter(filter_spec__in=RENDITION_SPECS)
    return assets.select_related(
        "source_unit", "image", "media", "document", "preview_image"
    ).prefetch_related(
        Prefetch("image__renditions", queryset=made, to_attr="prefetched_renditions"),
        Prefetch("preview_image__renditions", queryset=made, to_attr="prefetched_renditions"),
    )


def asset_thumbnail_url(asset: Asset, spec: str = CARD_RENDITION) -> str:
    """A picture standing for the asset: the image's rendition, the video's poster frame, the
    document's first page; "" when there is none (yet)."""
    url = renditions.asset_picture_url(asset, spec)
    if not url and asset.media_id and asset.media.thumbnail:
        url = asset.media.thumbnail.url
    return url


def licence_short_name(code: str) -> str:
    """ "CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0"; the full label for the others."""
    if code.startswith("CC-"):
        parts = code.split("-")
        return f"CC {'-'.join(parts[1:-1])} {parts[-1]}"
    if code.startswith("CC0-"):
        return code.replace("-", " ")
    return str(Licence(code).label)


def _credit_prefix(kind: str) -> str:
    return {
        AssetKind.IMAGE: _("Photo: %(credit)s"),
        AssetKind.INFOGRAPHIC: _("Graphic: %(credit)s"),
        AssetKind.VIDEO: _("Video: %(credit)s"),
        AssetKind.AUDIO: _("Audio: %(credit)s"),
    }.get(kind, _("Source: %(credit)s"))


def asset_attribution_line(asset: Asset) -> str:
    """How a reuser credits the asset: "Ảnh: Sở KH&CN Quảng Ngãi — CC BY 4.0"."""
    credit = asset.attribution.strip()
    if not credit:
        who = asset.creator.strip() or asset.source_unit.name
        credit = _credit_prefix(asset.kind) % {"credit": who}
    return f"{credit} — {licence_short_name(asset.licence)}"


@dataclass(frozen=True)
class LicenceInfo:
    code: str
    label: str
    short_name: str
    url: str
    allows_reuse: bool


def asset_licence(asset: Asset) -> LicenceInfo:
    terms = licence_terms(asset.licence)
    return LicenceInfo(
        code=asset.licence,
        label=str(Licence(asset.licence).label),
        short_name=licence_short_name(asset.licence),
        url=terms.url,
        allows_reuse=terms.allows_reuse,
    )


def asset_language_versions(asset: Asset) -> list[Asset]:
    """The other released language versions of the asset's work."""
    if asset.work_id is None:
        return []
    return list(
        assets_public().filter(work_id=asset.work_id).exclude(pk=asset.pk).order_by("language")
    )


def asset_plan_tasks(asset: Asset) -> list:
    return list(asset.plan_tasks.select_related("plan").order_by("plan__code", "path"))


# --- where an asset is used ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssetUse:
    label: str
    kind: str
    admin_url: str
    public_url: str
    live: bool


def asset_usage(*, asset: Asset, user) -> list[AssetUse]:
    """The pages and records that use the asset's file (Wagtail's reference index): portal
    articles showing the image, linking the document, playing the video."""
    from wagtail.admin.admin_url_finder import AdminURLFinder
    from wagtail.models import Page

    target = asset.file_object
    if target is None:
        return []
    finder = AdminURLFinder(user)
    uses = []
    for source, _references in ReferenceIndex.get_grouped_references_to(target):
        if isinstance(source, Asset):
            continue
        if isinstance(source, Page):
            page = source.specific_deferred
            uses.append(
                AssetUse(
                    label=page.get_admin_display_title(),
                    kind=str(page.specific_class._meta.verbose_name),
                    admin_url=finder.get_edit_url(page) or "",
                    public_url=(page.get_url() or "") if page.live else "",
                    live=page.live,
                )
            )
        else:
            uses.append(
                AssetUse(
                    label=str(source),
                    kind=str(source._meta.verbose_name),
                    admin_url=finder.get_edit_url(source) or "",
                    public_url="",
                    live=True,
                )
            )
    return uses


# --- the catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str | None = None
    topic: str | None = None  # a tag's slug
    audience: str | None = None  # an audience's code
    language: str | None = None
    licence: str | None = None
    unit: int | None = None
    year: int | None = None

    @property
    def any(self) -> bool:
        return any(value not in (None, "") for value in self.__dict__.values())


def assets_filtered(assets: QuerySet[Asset], filters: CatalogueFilters) -> QuerySet[Asset]:
    """`assets` narrowed by the catalogue's filters (subqueries: no duplicate rows)."""
    if filters.kind:
        assets = assets.filter(kind=filters.kind)
    if filters.language:
        assets = assets.filter(language=filters.language)
    if filters.licence:
        assets = assets.filter(licence=filters.licence)
    if filters.unit:
        assets = assets.filter(source_unit_id=filters.unit)
    if filters.year:
        start = datetime.date(filters.year, 1, 1)
        assets = assets.filter(
            created_on__gte=start, created_on__lt=start.replace(year=start.year + 1)
        )
    if filters.topic:
        assets = assets.filter(
            pk__in=AssetTopic.objects.filter(tag__slug=filters.topic).values("content_object_id")
        )
    if filters.audience:
        assets = assets.filter(
            pk__in=Asset.audiences.through.objects.filter(audience__code=filters.audience).values(
                "asset_id"
            )
        )
    return assets


@dataclass(frozen=True)
class CatalogueQuery:
    """A visitor's query made safe: `text` to show back, `words` to search for (folded)."""

    text: str
    words: tuple[str, ...]


def catalogue_query_clean(raw: object) -> CatalogueQuery:
    """Any input → a query: NFC, control characters removed, bounded length; the words are
    folded letters and digits only, so quotes and operators never reach the database."""
    text = nfc(raw[: QUERY_MAX_CHARS * 4] if isinstance(raw, str) else "")
    text = "".join(char if char.isprintable() else " " for char in text)
    text = truncate(" ".join(text.split()), QUERY_MAX_CHARS).strip()
    return CatalogueQuery(text=text, words=tuple(fold_words(text)[:QUERY_MAX_WORDS]))


@dataclass(frozen=True)
class CatalogueResults:
    query: CatalogueQuery
    filters: CatalogueFilters
    assets: list[Asset]
    page: PaginatorPage
    count: int
    # More assets match than were ranked: the visitor should narrow the search.
    truncated: bool = False


def catalogue_search(
    *,
    query: str = "",
    filters: CatalogueFilters | None = None,
    page: object = 1,
    per_page: int = PER_PAGE,
) -> CatalogueResults:
    """Released assets matching the filters and the query (any text: never raises), newest
    first or ranked by the query (see the module docstring), `per_page` to a page."""
    filters = filters or CatalogueFilters()
    clean = catalogue_query_clean(query)
    searchable = assets_filtered(assets_public(), filters)
    if not clean.text:
        # The page's ids walk the (status, created_on) index; only those rows are then read
        # with their cards' data (an offset over the full join costs 100 ms deep in 100k).
        newest = searchable.order_by("-created_on", "-pk").values_list("pk", flat=True)
        paginator = Paginator(newest, per_page)
        current = paginator.get_page(page)
        return CatalogueResults(
            query=clean,
            filters=filters,
            assets=_assets_in_order(list(current.object_list)),
            page=current,
            count=paginator.count,
        )
    if not clean.words:
        current = Paginator([], per_page).get_page(1)
        return CatalogueResults(query=clean, filters=filters, assets=[], page=current, count=0)

    rows = asset_search_rows(searchable, clean.words, limit=CANDIDATES)
    ranked = sorted(rows, key=lambda row: _rank_key(row, clean.words))
    paginator = Paginator([row[0] for row in ranked], per_page)
    current = paginator.get_page(page)
    return CatalogueResults(
        query=clean,
        filters=filters,
        assets=_assets_in_order(list(current.object_list)),
        page=current,
        count=paginator.count,
        truncated=len(rows) >= CANDIDATES,
    )


def _assets_in_order(ids: list[int]) -> list[Asset]:
    """The assets with these ids, with their cards' data, in the order of `ids`."""
    by_id = {asset.pk: asset for asset in with_card_data(Asset.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


# A match from the index: asset id, title, date.
Row = tuple[int, str, datetime.date]


def _rank_key(row: Row, words: tuple[str, ...]):
    pk, title, created_on = row
    title_words = fold_words(title)
    size = len(words)
    if any(tuple(title_words[i : i + size]) == words for i in range(len(title_words) - size + 1)):
        rank = 1
    elif set(words) <= set(title_words):
        rank = 2
    else:
        rank = 3
    return (rank, -created_on.toordinal(), -pk)


def asset_search_rows(
    searchable: QuerySet[Asset], words: tuple[str, ...], *, limit: int
) -> list[Row]:
    """At most `limit` assets of `searchable` whose indexed text holds every word (folded),
    most recently indexed first: (pk, title, date)."""
    words = tuple(dict.fromkeys(word for word in words if word))
    if not words:
        return []
    content_type = ContentType.objects.get_for_model(Asset)
    backend_name = type(get_search_backend()).__name__
    if backend_name == "SQLiteSearchBackend":
        from modelsearch.backends.database.sqlite.query import MatchExpression
        from wagtail.search.models import SQLiteFTSIndexEntry

        match = " AND ".join(f'"{word}"' for word in words)
        entries = SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(["body"], Value(match))
        ).filter(index_entry__content_type_id=content_type.pk)
        object_id, newest_first = "index_entry__object_id", "-index_entry_id"
    elif backend_name == "PostgresSearchBackend":
        from django.contrib.postgres.search import SearchQuery
        from wagtail.search.models import IndexEntry

        config = get_search_backend().config
        query = functools.reduce(
            operator.and_,
            [SearchQuery(word, search_type="plain", config=config) for word in words],
        )
        entries = IndexEntry.objects.filter(body=query, content_type_id=content_type.pk)
        object_id, newest_first = "object_id", "-id"
    else:
        return _search_rows_generic(searchable, words, limit=limit)
    asset_id = Cast(OuterRef(object_id), BigIntegerField())
    matching = entries.filter(Exists(searchable.filter(pk=asset_id))).order_by(newest_first)
    ids = [int(pk) for pk in matching.values_list(object_id, flat=True)[:limit]]
    found = {
        pk: (pk, title, created_on)
        for pk, title, created_on in Asset.objects.filter(pk__in=ids).values_list(
            "pk", "title", "created_on"
        )
    }
    return [found[pk] for pk in ids if pk in found]


def _search_rows_generic(searchable, words, *, limit) -> list[Row]:
    """Other databases: the search backend's own query. Fine for small sites; not tuned."""
    from wagtail.search.query import PlainText

    found = searchable.order_by("-pk").search(
        PlainText(" ".join(words), operator="and"), order_by_relevance=False
    )[:limit]
    return [(asset.pk, asset.title, asset.created_on) for asset in found]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int = 0


@dataclass
class CatalogueFacets:
    kinds: list[Choice] = field(default_factory=list)
    topics: list[Choice] = field(default_factory=list)
    audiences: list[Choice] = field(default_factory=list)
    languages: list[Choice] = field(default_factory=list)
    licences: list[Choice] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)
    years: list[Choice] = field(default_factory=list)


def catalogue_facets() -> CatalogueFacets:
    """The filter choices that find something: values present among released assets."""
    from django.conf import settings

    released = assets_public()
    kinds = set(released.values_list("kind", flat=True).distinct())
    languages = set(released.values_list("language", flat=True).distinct())
    licences = set(released.values_list("licence", flat=True).distinct())
    years = sorted({day.year for day in released.dates("created_on", "year")}, reverse=True)
    topics = (
        Tag.objects.filter(library_assettopic_items__content_object__status=AssetStatus.RELEASED)
        .annotate(uses=Count("library_assettopic_items"))
        .order_by()
    )
    audiences = Audience.objects.filter(
        pk__in=Asset.audiences.through.objects.filter(asset__status=AssetStatus.RELEASED).values(
            "audience_id"
        )
    )
    units = Unit.objects.filter(pk__in=released.values("source_unit_id")).order_by(
        "sort_order", "name_key"
    )
    return CatalogueFacets(
        kinds=[Choice(value, str(label)) for value, label in AssetKind.choices if value in kinds],
        topics=[
            Choice(tag.slug, tag.name, tag.uses)
            for tag in sorted_vietnamese(topics, key=lambda tag: tag.name)
        ],
        audiences=[Choice(audience.code, audience.name) for audience in audiences],
        languages=[
            Choice(code, name)
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code in languages
        ],
        licences=[
            Choice(value, licence_short_name(value))
            for value, _label in Licence.choices
            if value in licences
        ],
        units=[Choice(str(unit.pk), unit.name) for unit in units],
        years=[Choice(str(year), str(year)) for year in years],
    )


def catalogue_facets_cached() -> CatalogueFacets:
    """The filter choices, in the current language (their labels are translated), kept until
    public content next changes: a release or withdrawal purges them and the worker computes
    them again at once (tasks.catalogue_facets_warm), so no visitor waits for it."""
    from lantoa.portal.caching import published_content_cached

    return published_content_cached(f"library:facets:{get_language()}", catalogue_facets)


# --- Dublin Core --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DublinCoreElement:
    name: str  # dc:title, dcterms:audience …
    label: str
    values: list[str]


def asset_dublin_core(asset: Asset, *, base_url: str | None = None) -> list[DublinCoreElement]:
    """The asset's record as Dublin Core elements (with `dcterms:audience`), absolute URLs
    built on `base_url` (default: the site's configured address)."""
    from django.conf import settings

    from lantoa.directory.selectors import home_organisation

    base = (base_url if base_url is not None else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    organisation = home_organisation()
    licence = asset_licence(asset)
    versions = asset_language_versions(asset) if asset.status == AssetStatus.RELEASED else []
    rights = [
        value for value in (licence.url, licence.label, asset_attribution_line(asset)) if value
    ]

    def element(name: str, label: str, values) -> DublinCoreElement:
        return DublinCoreElement(name, label, [str(value) for value in values if value])

    return [
        element("dc:title", _("Title"), [asset.title]),
        element("dc:creator", _("Creator"), [asset.creator or asset.source_unit.name]),
        element("dc:subject", _("Subject"), [tag.name for tag in asset.topics.all()]),
        element("dc:description", _("Description"), [asset.description]),
        element("dc:publisher", _("Publisher"), [organisation.name if organisation else ""]),
        element("dc:contributor", _("Contributor"), [asset.source_unit.name]),
        element("dc:date", _("Date"), [asset.created_on.isoformat()]),
        element("dc:type", _("Type"), [asset.dcmi_type]),
        element("dc:format", _("Format"), [asset.mime_type]),
        element(
            "dc:identifier",
            _("Identifier"),
            [f"{base}{asset_public_url(asset)}", f"urn:uuid:{asset.identifier}"],
        ),
        element("dc:language", _("Language"), [asset.language]),
        element(
            "dc:relation",
            _("Relation"),
            [f"{base}{asset_public_url(version)}" for version in versions],
        ),
        element("dc:rights", _("Rights"), rights),
        element(
            "dcterms:audience",
            _("Audience"),
            [audience.name for audience in asset.audiences.all()],
        ),
    ]


# --- near-duplicates ----------------------------------------------------------------------------


def asset_near_duplicates(*, asset: Asset, user) -> list[Asset]:
    """Images that look like this one (perceptual hash, see `library.duplicates`), closest
    first, among those the user may see."""
    from lantoa.library.duplicates import near_duplicates

    found = near_duplicates(asset, user=user)
    by_id = {
        other.pk: other
        for other in with_card_data(Asset.objects.filter(pk__in=[item.asset.pk for item in found]))
    }
    return [by_id[item.asset.pk] for item in found if item.asset.pk in by_id]

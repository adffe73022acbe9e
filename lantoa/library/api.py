"""The repository's read-only JSON API: released assets with their Dublin Core record, licence
and download address. Mounted at /api/v1/ (lantoa/api/urls.py); listed in the OpenAPI schema.

The list takes the public catalogue's filters and search (same folding: with or without
diacritics), so an integration finds what a visitor finds.
"""

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from lantoa.core.collation import sorted_vietnamese
from lantoa.directory.models import Unit
from lantoa.library import selectors
from lantoa.library.licences import Licence
from lantoa.library.models import Asset, AssetKind

router = Router(tags=["library"])

MAX_PAGE_SIZE = 100


class UnitOut(Schema):
    code: str
    name: str


class LicenceOut(Schema):
    code: str
    name: str
    url: str
    attribution: str


class VersionOut(Schema):
    identifier: UUID
    language: str
    title: str
    url: str


class AssetOut(Schema):
    identifier: UUID
    url: str
    download_url: str
    thumbnail_url: str
    title: str
    description: str
    type: str
    dcmi_type: str
    language: str
    creator: str
    source_unit: UnitOut
    date: date
    licence: LicenceOut
    topics: list[str]
    audiences: list[str]
    format: str
    file_size: int
    width: int | None
    height: int | None
    duration_seconds: float | None
    page_count: int | None
    released_at: datetime | None
    modified_at: datetime


class AssetDetailOut(AssetOut):
    work: str | None
    other_language_versions: list[VersionOut]
    plan_tasks: list[str]
    dublin_core: dict[str, list[str]]


class AssetPageOut(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[AssetOut]


class AssetFilters(Schema):
    q: str = ""
    kind: str | None = None
    topic: str | None = None
    audience: str | None = None
    language: str | None = None
    licence: str | None = None
    unit: str | None = None
    year: int | None = None
    page: int = 1
    page_size: int = selectors.PER_PAGE


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def _asset(request, asset: Asset) -> dict:
    licence = selectors.asset_licence(asset)
    return {
        "identifier": asset.identifier,
        "url": _absolute(request, selectors.asset_public_url(asset)),
        "download_url": _absolute(request, selectors.asset_download_url(asset)),
        "thumbnail_url": _absolute(request, selectors.asset_thumbnail_url(asset)),
        "title": asset.title,
        "description": asset.description,
        "type": asset.kind,
        "dcmi_type": asset.dcmi_type,
        "language": asset.language,
        "creator": asset.creator,
        "source_unit": {"code": asset.source_unit.code, "name": asset.source_unit.name},
        "date": asset.created_on,
        "licence": {
            "code": licence.code,
            "name": licence.label,
            "url": licence.url,
            "attribution": selectors.asset_attribution_line(asset),
        },
        "topics": sorted_vietnamese(item.tag.name for item in asset.tagged_topics.all()),
        "audiences": [audience.code for audience in asset.audiences.all()],
        "format": asset.mime_type,
        "file_size": asset.file_size,
        "width": asset.width,
        "height": asset.height,
        "duration_seconds": asset.duration_seconds,
        "page_count": asset.page_count,
        "released_at": asset.released_at,
        "modified_at": asset.updated_at,
    }


def _filters(params: AssetFilters) -> selectors.CatalogueFilters:
    errors = {}
    if params.kind and params.kind not in AssetKind.values:
        errors["kind"] = [_("Unknown type. One of: %s.") % ", ".join(AssetKind.values)]
    if params.licence and params.licence not in Licence.values:
        errors["licence"] = [_("Unknown licence. One of: %s.") % ", ".join(Licence.values)]
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    if params.language and params.language not in languages:
        errors["language"] = [_("Unknown language. One of: %s.") % ", ".join(languages)]
    if not 1 <= params.page_size <= MAX_PAGE_SIZE:
        errors["page_size"] = [_("Between 1 and %d.") % MAX_PAGE_SIZE]
    unit_id = None
    if params.unit:
        unit = Unit.objects.by_code(params.unit).first()
        if unit is None:
            errors["unit"] = [_("No unit has this code.")]
        else:
            unit_id = unit.pk
    if errors:
        raise ValidationError(errors)
    return selectors.CatalogueFilters(
        kind=params.kind or None,
        topic=params.topic or None,
        audience=params.audience or None,
        language=params.language or None,
        licence=params.licence or None,
        unit=unit_id,
        year=params.year,
    )


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get(
    "/assets/",
    response=AssetPageOut,
    url_name="library_asset_list",
    summary="Released assets of the resource repository",
    description=(
        "Released photos, infographics, videos, audio, documents and publications, newest "
        "first, or ranked by `q` (Vietnamese, with or without diacritics). Filters: `kind`, "
        "`topic` (slug), `audience` (code), `language`, `licence` (SPDX code), `unit` (unit "
        "code), `year`."
    ),
)
def asset_list(request, params: Query[AssetFilters]):
    results = selectors.catalogue_search(
        query=params.q, filters=_filters(params), page=params.page, per_page=params.page_size
    )
    prefetch_related_objects(results.assets, "tagged_topics__tag", "audiences")
    page = results.page
    return {
        "count": results.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_url(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "results": [_asset(request, asset) for asset in results.assets],
    }


@router.get(
    "/assets/{identifier}/",
    response=AssetDetailOut,
    url_name="library_asset_detail",
    summary="A released asset with its Dublin Core record",
)
def asset_detail(request, identifier: UUID):
    asset = selectors.asset_get_public(identifier=identifier)
    prefetch_related_objects([asset], "tagged_topics__tag", "audiences")
    base_url = request.build_absolute_uri("/")
    dublin_core = {
        element.name: element.values
        for element in selectors.asset_dublin_core(asset, base_url=base_url)
    }
    return {
        **_asset(request, asset),
        "work": asset.work.title if asset.work_id else None,
        "other_language_versions": [
            {
                "identifier": version.identifier,
                "language": version.language,
                "title": version.title,
                "url": _absolute(request, selectors.asset_public_url(version)),
            }
            for version in selectors.asset_language_versions(asset)
        ],
        "plan_tasks": [task.path for task in selectors.asset_plan_tasks(asset)],
        "dublin_core": dublin_core,
    }

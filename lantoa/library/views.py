"""The public catalogue at /tai-nguyen/: browse and search released assets, an asset's page,
its counted download and a bare embed page for other sites.

Whatever the query string holds, the catalogue answers 200: the query is cleaned by the search
and a filter that does not validate is reported on its field and left out. Drafts and withdrawn
assets are not found (404) on every URL.
"""

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from lantoa.core.collation import sorted_vietnamese
from lantoa.library import selectors, services
from lantoa.library.forms import CatalogueForm
from lantoa.library.models import Asset, AssetKind

# Visitors that are programs: their page views are not counted.
BOT_MARKERS = ("bot", "crawl", "spider", "slurp", "preview", "monitor", "curl", "wget", "python")


@require_GET
def catalogue(request):
    data = request.GET.copy()
    clean = selectors.catalogue_query_clean(data.get("q"))
    data["q"] = clean.text
    form = CatalogueForm(data, facets=selectors.catalogue_facets_cached())
    form.is_valid()
    filters = form.filters()
    results = selectors.catalogue_search(
        query=clean.text, filters=filters, page=request.GET.get("page")
    )
    cards = [_card(asset) for asset in results.assets]
    return TemplateResponse(
        request,
        "library/catalogue.html",
        {"form": form, "query": clean, "results": results, "cards": cards, "filters": filters},
    )


def _card(asset: Asset) -> dict:
    return {
        "asset": asset,
        "url": selectors.asset_public_url(asset),
        "thumbnail_url": selectors.asset_thumbnail_url(asset),
        "licence": selectors.licence_short_name(asset.licence),
    }


def _is_counted_visitor(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(marker in agent for marker in BOT_MARKERS)


@require_GET
def asset_detail(request, identifier):
    asset = selectors.asset_get_public(identifier=identifier)
    if _is_counted_visitor(request):
        services.asset_view_count(asset)
        asset.view_count += 1
    page_url = request.build_absolute_uri(selectors.asset_public_url(asset))
    preview_url = selectors.asset_thumbnail_url(asset, selectors.PREVIEW_RENDITION)
    context = {
        "asset": asset,
        "preview_url": preview_url,
        "media_url": asset.media.url if asset.media_id else "",
        "download_url": selectors.asset_download_url(asset),
        "licence": selectors.asset_licence(asset),
        "attribution_line": selectors.asset_attribution_line(asset),
        "embed_code": _embed_code(request, asset, preview_url=preview_url, page_url=page_url),
        "topics": sorted_vietnamese(asset.topics.all(), key=lambda tag: tag.name),
        "audiences": list(asset.audiences.all()),
        "versions": selectors.asset_language_versions(asset),
        "plan_tasks": selectors.asset_plan_tasks(asset),
        "file_name": _file_name(asset),
        "page_url": page_url,
    }
    response = TemplateResponse(request, "library/asset_detail.html", context)
    # Not kept by the anonymous page cache: each view is counted.
    patch_cache_control(response, private=True, max_age=0)
    return response


def _file_name(asset: Asset) -> str:
    file_object = asset.file_object
    name = getattr(getattr(file_object, "file", None), "name", "") or ""
    return name.rsplit("/", 1)[-1]


def _embed_code(request, asset: Asset, *, preview_url: str, page_url: str) -> str:
    """What another site pastes: the picture with its credit line, or a player in a frame."""
    if asset.kind in (AssetKind.IMAGE, AssetKind.INFOGRAPHIC) and preview_url:
        return format_html(
            '<figure><img src="{}" alt="{}"><figcaption>{} — <a href="{}">{}</a>'
            "</figcaption></figure>",
            request.build_absolute_uri(preview_url),
            asset.title,
            selectors.asset_attribution_line(asset),
            page_url,
            asset.title,
        )
    height = 120 if asset.kind == AssetKind.AUDIO else 360
    return format_html(
        '<iframe src="{}" title="{}" width="640" height="{}" loading="lazy" '
        'style="border:0" allowfullscreen></iframe>',
        request.build_absolute_uri(selectors.asset_embed_url(asset)),
        asset.title,
        height,
    )


@require_GET
@xframe_options_exempt
def asset_embed(request, identifier):
    """The asset alone, for other sites' <iframe> (the site otherwise refuses framing)."""
    asset = selectors.asset_get_public(identifier=identifier)
    context = {
        "asset": asset,
        "preview_url": selectors.asset_thumbnail_url(asset, selectors.PREVIEW_RENDITION),
        "media_url": asset.media.url if asset.media_id else "",
        "page_url": request.build_absolute_uri(selectors.asset_public_url(asset)),
        "download_url": selectors.asset_download_url(asset),
        "attribution_line": selectors.asset_attribution_line(asset),
    }
    return TemplateResponse(request, "library/asset_embed.html", context)


@require_GET
def asset_download(request, identifier):
    """Count the download, then hand over the file: a document through Wagtail's document
    serving, a video or audio file from media storage, an image as its re-encoded copy
    (without the original's EXIF location)."""
    asset = selectors.asset_get_public(identifier=identifier)
    url = _file_url(asset)
    if not url:
        raise Http404
    services.asset_download_count(asset)
    response = HttpResponseRedirect(url)
    patch_cache_control(response, private=True, max_age=0)
    return response


def _file_url(asset: Asset) -> str:
    if asset.document_id:
        return asset.document.url
    if asset.media_id:
        return asset.media.url
    if asset.image_id:
        return asset.image.get_rendition(selectors.DOWNLOAD_RENDITION).url
    return ""

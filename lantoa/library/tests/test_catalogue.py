"""The public catalogue at /tai-nguyen/: only released assets, filters, Vietnamese search,
bounded queries, the asset page (preview, download, embed code, credit line), counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model

from lantoa.library.licences import Licence
from lantoa.library.models import Asset, AssetKind, AssetStatus, Audience, Work
from lantoa.library.selectors import CARD_RENDITION, PREVIEW_RENDITION
from lantoa.plans.models import PlanNode
from lantoa.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"}


def _titles(response) -> list[str]:
    return [card["asset"].title for card in response.context["cards"]]


def _catalogue(client, **params):
    response = client.get(reverse("library_catalogue"), params)
    assert response.status_code == 200
    return response


# --- only released assets -----------------------------------------------------------------------


def test_the_public_sees_released_assets_only(client, add):
    released = add(title="Sổ tay chuyển đổi số", kind=AssetKind.DOCUMENT)
    draft = add(title="Bản nháp sổ tay", status=AssetStatus.DRAFT, kind=AssetKind.DOCUMENT)
    withdrawn = add(title="Ảnh đã rút", status=AssetStatus.WITHDRAWN, kind=AssetKind.IMAGE)

    assert _titles(_catalogue(client)) == [released.title]
    assert _titles(_catalogue(client, q="so tay")) == [released.title]
    for hidden in (draft, withdrawn):
        for name in ("library_asset", "library_asset_download", "library_asset_embed"):
            url = reverse(name, kwargs={"identifier": hidden.identifier})
            assert client.get(url).status_code == 404, (hidden.title, name)
    assert client.get(draft.document.url).status_code == 404  # Wagtail's document serving


def test_staff_may_open_a_draft_document_they_can_reach(client, add, make_user, unit_a):
    draft = add(title="Bản nháp", status=AssetStatus.DRAFT, kind=AssetKind.DOCUMENT)
    client.force_login(make_user("unit_staff", unit=unit_a))
    assert client.get(draft.document.url).status_code == 200


# --- filters ------------------------------------------------------------------------------------


def test_each_filter_narrows_the_catalogue(client, add, unit_b):
    citizens = Audience.objects.get(code="nguoi-dan")
    photo = add(
        title="Ảnh ngày hội số",
        kind=AssetKind.IMAGE,
        topics=["Chuyển đổi số"],
        created_on=datetime.date(2024, 5, 1),
    )
    photo.audiences.add(citizens)
    video = add(
        title="Video hướng dẫn",
        kind=AssetKind.VIDEO,
        language="en",
        licence=Licence.CC_BY_SA_4,
        unit=unit_b,
        created_on=datetime.date(2025, 5, 1),
    )
    topic_slug = photo.topics.get().slug

    assert _titles(_catalogue(client, kind="video")) == [video.title]
    assert _titles(_catalogue(client, topic=topic_slug)) == [photo.title]
    assert _titles(_catalogue(client, audience="nguoi-dan")) == [photo.title]
    assert _titles(_catalogue(client, language="en")) == [video.title]
    assert _titles(_catalogue(client, licence=Licence.CC_BY_SA_4)) == [video.title]
    assert _titles(_catalogue(client, unit=unit_b.pk)) == [video.title]
    assert _titles(_catalogue(client, year=2024)) == [photo.title]
    assert _titles(_catalogue(client, kind="image", q="ngay hoi")) == [photo.title]
    # A filter value that finds nothing is reported on its field, not an error page.
    response = _catalogue(client, kind="hologram")
    assert "kind" in response.context["form"].errors
    assert set(_titles(response)) == {photo.title, video.title}


# --- Vietnamese search --------------------------------------------------------------------------


def test_search_is_the_same_with_or_without_diacritics(client, add):
    innovation = add(
        title="Cẩm nang đổi mới sáng tạo",
        description="Dành cho doanh nghiệp khởi nghiệp ở Quảng Ngãi.",
    )
    add(title="Ảnh hội nghị bưu chính", kind=AssetKind.IMAGE)
    for query in ("đổi mới sáng tạo", "doi moi sang tao", "ĐỔI MỚI", "Doi Moi", "quang ngai"):
        assert _titles(_catalogue(client, q=query)) == [innovation.title], query


def test_search_finds_topics_and_ranks_title_matches_first(client, add):
    in_text = add(title="Video hội thảo", topics=["Chuyển đổi số"], kind=AssetKind.VIDEO)
    in_title = add(title="Infographic chuyển đổi số", kind=AssetKind.INFOGRAPHIC)
    assert _titles(_catalogue(client, q="chuyen doi so")) == [in_title.title, in_text.title]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a",
        '"; DROP TABLE library_asset; --',
        "NEAR(doi moi) OR * AND -so",
        "đ" * 5000,
        "\x00\x01 bad bytes",
        "🙂📷",
        "chuyển đổi số " * 30,
    ],
)
def test_any_query_returns_a_page(client, add, query):
    add(title="Sổ tay chuyển đổi số")
    response = client.get(reverse("library_catalogue"), {"q": query})
    assert response.status_code == 200


def test_catalogue_pages_through_many_assets(client, add):
    for index in range(30):
        add(title=f"Tài liệu số {index}", created_on=datetime.date(2025, 1, 1))
    first = _catalogue(client)
    assert first.context["results"].count == 30
    assert len(_titles(first)) == 24
    second = _catalogue(client, page=2)
    assert len(_titles(second)) == 6
    assert not set(_titles(first)) & set(_titles(second))


def test_catalogue_queries_do_not_grow_with_assets(client, add):
    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            _catalogue(client, **params)
        return len(queries)

    kinds = [AssetKind.IMAGE, AssetKind.VIDEO, AssetKind.AUDIO, AssetKind.DOCUMENT]
    for index in range(4):
        add(title=f"Tài nguyên số {index}", kind=kinds[index], topics=["Chuyển đổi số"])
    count()  # the filter lists are then kept until public content changes
    few = count(), count(q="tai nguyen"), count(q="tai nguyen", kind="image")
    # Browse: session-less page, count, page of assets, their renditions (image and preview).
    assert few[0] <= 5, few
    for index in range(4, 16):
        add(title=f"Tài nguyên số {index}", kind=kinds[index % 4], topics=["Chuyển đổi số"])
    assert (count(), count(q="tai nguyen"), count(q="tai nguyen", kind="image")) == few


# --- the asset page -----------------------------------------------------------------------------


def test_asset_page_shows_preview_credit_licence_and_embed_code(client, add):
    photo = add(
        title="Lớp Bình dân học vụ số ở xã Ba Tơ",
        kind=AssetKind.IMAGE,
        creator="Nguyễn Minh",
        attribution="Ảnh: Trung tâm Chuyển đổi số Quảng Ngãi",
        topics=["Bình dân học vụ số"],
    )
    photo.audiences.add(Audience.objects.get(code="dong-bao-dan-toc-thieu-so"))
    preview = photo.image.get_rendition(PREVIEW_RENDITION)  # as the upload pipeline does
    response = client.get(reverse("library_asset", kwargs={"identifier": photo.identifier}))
    content = response.content.decode()
    assert f'src="{preview.url}"' in content
    assert f'alt="{photo.title}"' in content
    assert "Ảnh: Trung tâm Chuyển đổi số Quảng Ngãi — CC BY 4.0" in content
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in content
    assert "Bình dân học vụ số" in content and "Đồng bào dân tộc thiểu số" in content
    assert 'id="embed-code"' in content
    assert "&lt;img src=&quot;http://testserver" in content  # the snippet, escaped in a textarea
    assert reverse("library_asset_download", kwargs={"identifier": photo.identifier}) in content


def test_a_page_view_never_renders_an_image(client, add):
    photo = add(title="Ảnh chưa xử lý", kind=AssetKind.IMAGE)
    renditions = get_image_model().get_rendition_model().objects
    before = renditions.count()
    content = client.get(
        reverse("library_asset", kwargs={"identifier": photo.identifier})
    ).content.decode()
    assert _catalogue(client).status_code == 200
    assert renditions.count() == before
    assert "asset-placeholder" in content


def test_catalogue_cards_use_the_prepared_thumbnail(client, add):
    photo = add(title="Ảnh có thẻ", kind=AssetKind.IMAGE)
    card = photo.image.get_rendition(CARD_RENDITION)
    assert f'src="{card.url}"' in _catalogue(client).content.decode()


def test_video_and_audio_play_in_the_page(client, add):
    video = add(title="Video giới thiệu", kind=AssetKind.VIDEO)
    audio = add(title="Bản tin phát thanh", kind=AssetKind.AUDIO)
    video_page = client.get(reverse("library_asset", kwargs={"identifier": video.identifier}))
    assert "<video" in video_page.content.decode()
    assert video.media.url in video_page.content.decode()
    audio_page = client.get(reverse("library_asset", kwargs={"identifier": audio.identifier}))
    assert "<audio" in audio_page.content.decode()
    assert "<iframe" in audio_page.context["embed_code"]
    embed = client.get(reverse("library_asset_embed", kwargs={"identifier": video.identifier}))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed  # other sites may frame the player


def test_asset_page_links_the_other_language_versions_and_plan_tasks(client, add):
    work = Work.objects.create(title="Sổ tay chuyển đổi số")
    vietnamese = add(title="Sổ tay chuyển đổi số", work=work)
    english = add(title="Digital transformation handbook", work=work, language="en")
    add(title="Bản tiếng Hrê (nháp)", work=work, language="hre", status=AssetStatus.DRAFT)
    plan = PlanFactory()
    task = PlanNode.objects.create(
        plan=plan, code="b", path="III.2.b", kind="task", text="Xây dựng kho tài nguyên số."
    )
    vietnamese.plan_tasks.add(task)
    response = client.get(reverse("library_asset", kwargs={"identifier": vietnamese.identifier}))
    assert [version.title for version in response.context["versions"]] == [english.title]
    content = response.content.decode()
    assert reverse("library_asset", kwargs={"identifier": english.identifier}) in content
    assert "Bản tiếng Hrê" not in content
    assert "III.2.b" in content and reverse("plans:summary", args=[plan.code]) in content


# --- counts -------------------------------------------------------------------------------------


def test_views_are_counted_for_visitors_not_for_staff_or_bots(client, add, make_user):
    asset = add(title="Infographic đổi mới", kind=AssetKind.INFOGRAPHIC)
    url = reverse("library_asset", kwargs={"identifier": asset.identifier})
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1")
    client.force_login(make_user("editor"))
    client.get(url, **BROWSER)
    asset.refresh_from_db()
    assert asset.view_count == 2


def test_asset_pages_are_not_kept_by_the_page_cache(client, add, settings):
    settings.PORTAL_CACHE_SECONDS = 600
    asset = add(title="Ảnh được xem", kind=AssetKind.IMAGE)
    url = reverse("library_asset", kwargs={"identifier": asset.identifier})
    for _ in range(3):
        response = client.get(url, **BROWSER)
        assert response.get("X-Cache") != "HIT"
    asset.refresh_from_db()
    assert asset.view_count == 3


def test_a_document_download_is_counted_and_served_by_wagtail(client, add):
    handbook = add(title="Sổ tay", kind=AssetKind.DOCUMENT)
    url = reverse("library_asset_download", kwargs={"identifier": handbook.identifier})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == handbook.document.url
    assert client.get(response.url).status_code == 200
    client.get(url)
    handbook.refresh_from_db()
    assert handbook.download_count == 2


def test_an_image_download_is_a_re_encoded_copy(client, add):
    photo = add(title="Ảnh gốc có GPS", kind=AssetKind.IMAGE)
    response = client.get(
        reverse("library_asset_download", kwargs={"identifier": photo.identifier})
    )
    assert response.status_code == 302
    assert response.url != photo.image.file.url
    assert response.url == photo.image.get_rendition("original").url


def test_the_site_footer_links_the_catalogue(client, add):
    from lantoa.portal.tests.pages import portal_build

    portal_build()
    home = client.get("/")
    assert reverse("library_catalogue") in home.content.decode()


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_releases_an_asset_of_every_type(client, django_capture_on_commit_callbacks):
    from django.conf import settings

    from lantoa.directory.demo import directory_demo_load
    from lantoa.directory.services import agency_load
    from lantoa.library.demo import DEMO_ASSETS, library_demo_load

    agency_load(folder=settings.BASE_DIR / "data/agencies/quang-ngai")
    directory_demo_load()
    with django_capture_on_commit_callbacks(execute=True):
        lines = library_demo_load()
    assert lines[0].startswith(f"Library: {len(DEMO_ASSETS)} demo assets released"), lines

    response = _catalogue(client)
    assert {card["asset"].kind for card in response.context["cards"]} == set(AssetKind.values)
    assert all(
        card["thumbnail_url"] for card in response.context["cards"] if card["asset"].image_id
    )
    handbook = Asset.objects.get(title="Sổ tay chuyển đổi số cho người dân")
    page = client.get(reverse("library_asset", kwargs={"identifier": handbook.identifier}))
    assert [version.language for version in page.context["versions"]] == ["en"]
    assert library_demo_load()[0].startswith("Library: 0 demo assets")  # safe to run again


def test_filter_choices_are_in_the_visitors_language(
    client, add, django_capture_on_commit_callbacks
):
    """The choices are kept between requests, once per language: an English visitor first does
    not leave English labels for the Vietnamese catalogue, nor the other way round."""
    add(kind=AssetKind.IMAGE, title="Ảnh hội thảo")
    english = client.get("/en/tai-nguyen/")
    vietnamese = client.get("/tai-nguyen/")

    def kinds(response):
        return [str(label) for _value, label in response.context["form"].fields["kind"].choices]

    assert "Photo" in kinds(english) and "Ảnh" not in kinds(english)
    assert "Ảnh" in kinds(vietnamese) and "Photo" not in kinds(vietnamese)


def test_a_release_has_the_worker_prepare_the_filter_choices(
    add, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.utils import translation

    from lantoa.library.selectors import catalogue_facets_cached
    from lantoa.library.services import asset_release

    asset = add(kind=AssetKind.VIDEO, title="Phóng sự", status=AssetStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        asset_release(asset, editor)
    # The first visitor after the release, in either language, finds them ready.
    for language in ("vi", "en"):
        with translation.override(language), django_assert_num_queries(0):
            assert [choice.value for choice in catalogue_facets_cached().kinds] == ["video"]

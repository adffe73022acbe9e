"""The repository's admin screens: collections, unit scoping, the catalogue record form, the
inspection page (Dublin Core, consent, where it is used), consent records and works."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection

from lantoa.directory.tests.factories import UnitFactory
from lantoa.library.models import Asset, AssetKind, AssetStatus, Audience, Consent, Work
from lantoa.library.selectors import collections_for_user
from lantoa.library.setup import library_setup
from lantoa.library.tests.builders import make_asset
from lantoa.library.tests.catalogue_helpers import (
    unit_collection_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset_a(root, unit_a):
    return make_asset(
        unit=unit_a,
        collection=unit_collection_of(root, unit_a),
        kind=AssetKind.IMAGE,
        title="Ảnh hội thảo chuyển đổi số",
        status=AssetStatus.DRAFT,
    )


@pytest.fixture
def asset_b(root, unit_b):
    return make_asset(
        unit=unit_b,
        collection=unit_collection_of(root, unit_b),
        kind=AssetKind.DOCUMENT,
        title="Sổ tay bưu chính số",
        status=AssetStatus.DRAFT,
    )


# --- collections --------------------------------------------------------------------------------


def test_setup_makes_a_collection_per_unit_and_topic_and_is_safe_to_run_again(
    organisation, unit_a, unit_b
):
    UnitFactory(organisation=organisation, code="CU", is_active=False)
    first = library_setup(organisation=organisation)
    children = set(first.root.get_children().values_list("name", flat=True))
    assert first.root.name == "Kho tài nguyên"
    assert {unit_a.name, unit_b.name, "Nghị quyết 57", "Bình dân học vụ số"} <= children
    assert "Phòng CU" not in children  # inactive units get none
    assert set(Audience.objects.values_list("name", flat=True)) >= {
        "Người dân",
        "Doanh nghiệp",
        "Nhà khoa học",
        "Cán bộ, công chức",
        "Học sinh, sinh viên",
        "Đồng bào dân tộc thiểu số",
    }

    collections_before, audiences_before = Collection.objects.count(), Audience.objects.count()
    again = library_setup(organisation=organisation)
    assert again.collections_created == [] and again.audiences_created == []
    assert Collection.objects.count() == collections_before
    assert Audience.objects.count() == audiences_before


def test_load_library_command_reads_another_agencys_yaml(organisation, unit_a, tmp_path):
    (tmp_path / "library.yaml").write_text(
        "collection: Thư viện số\ntopics: [Nông nghiệp công nghệ cao]\n"
        "audiences:\n  - {code: nong-dan, name: Nông dân}\n",
        encoding="utf-8",
    )
    call_command("load_library", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    root = Collection.objects.get(depth=2, name="Thư viện số")
    assert set(root.get_children().values_list("name", flat=True)) == {
        unit_a.name,
        "Nông nghiệp công nghệ cao",
    }
    assert Audience.objects.get(code="nong-dan").name == "Nông dân"


def test_unit_staff_may_file_only_in_their_units_and_the_topic_collections(
    root, staff_a, editor, unit_a, unit_b
):
    names = set(collections_for_user(user=staff_a).values_list("name", flat=True))
    assert unit_a.name in names and "Chuyển đổi số" in names
    assert unit_b.name not in names
    assert unit_b.name in set(collections_for_user(user=editor).values_list("name", flat=True))


# --- unit scoping -------------------------------------------------------------------------------


def test_unit_staff_list_only_their_units_assets(client, staff_a, asset_a, asset_b):
    client.force_login(staff_a)
    response = client.get(reverse("library_assets:index"))
    assert response.status_code == 200
    assert asset_a.title in response.content.decode()
    assert asset_b.title not in response.content.decode()


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage", "release", "withdraw"])
def test_another_units_asset_is_not_found_at_its_urls(client, staff_b, asset_a, view):
    client.force_login(staff_b)
    response = client.get(reverse(f"library_assets:{view}", args=[asset_a.pk]))
    assert response.status_code in (403, 404)
    if view in ("edit", "inspect", "history", "usage"):
        assert response.status_code == 404


def test_another_units_asset_cannot_be_changed_by_post(client, staff_b, asset_a):
    client.force_login(staff_b)
    response = client.post(
        reverse("library_assets:edit", args=[asset_a.pk]), _form_data(asset_a, title="Đã sửa")
    )
    assert response.status_code == 404
    asset_a.refresh_from_db()
    assert asset_a.title == "Ảnh hội thảo chuyển đổi số"


def test_editors_see_every_units_assets(client, editor, asset_a, asset_b):
    client.force_login(editor)
    content = client.get(reverse("library_assets:index")).content.decode()
    assert asset_a.title in content and asset_b.title in content


def test_the_listing_has_no_add_form_but_links_to_uploads(client, staff_a, asset_a):
    client.force_login(staff_a)
    assert client.get("/admin/library/assets/new/").status_code == 404


def test_listing_filters_by_type_and_unit(client, editor, asset_a, asset_b, unit_b):
    client.force_login(editor)
    url = reverse("library_assets:index")
    by_kind = client.get(url, {"kind": AssetKind.DOCUMENT}).content.decode()
    assert asset_b.title in by_kind and asset_a.title not in by_kind
    by_unit = client.get(url, {"source_unit": unit_b.pk}).content.decode()
    assert asset_b.title in by_unit and asset_a.title not in by_unit


def test_listing_search_ignores_diacritics(client, editor, asset_a, asset_b):
    client.force_login(editor)
    url = reverse("library_assets:index")
    for query in ("chuyển đổi số", "chuyen doi so", "CHUYEN DOI SO"):
        content = client.get(url, {"q": query}).content.decode()
        assert asset_a.title in content, query
        assert asset_b.title not in content, query


def test_listing_query_count_does_not_grow_with_assets(client, editor, root, unit_a):
    client.force_login(editor)
    collection = unit_collection_of(root, unit_a)
    url = reverse("library_assets:index")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for index in range(3):
        make_asset(unit=unit_a, collection=collection, kind=AssetKind.IMAGE, title=f"Ảnh {index}")
    few = count_queries()
    for index in range(3, 12):
        make_asset(unit=unit_a, collection=collection, kind=AssetKind.VIDEO, title=f"Video {index}")
    assert count_queries() == few


# --- the catalogue record -----------------------------------------------------------------------


def _form_data(asset: Asset, **changes) -> dict:
    data = {
        "title": asset.title,
        "description": asset.description,
        "kind": asset.kind,
        "language": asset.language,
        "creator": asset.creator,
        "created_on": asset.created_on.strftime("%d/%m/%Y"),
        "source_unit": asset.source_unit_id,
        "collection": asset.collection_id,
        "licence": asset.licence,
        "attribution": asset.attribution,
        "topics": "",
        "plan_tasks": [],
        "work": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_unit_staff_edit_the_metadata_and_search_finds_the_new_words(
    client, staff_a, asset_a, root
):
    audience = Audience.objects.get(code="nguoi-dan")
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:edit", args=[asset_a.pk]),
        _form_data(
            asset_a,
            title="Ngày hội Bình dân học vụ số",
            description="Người dân học kỹ năng số tại xã Tịnh Khê.",
            topics="Bình dân học vụ số, Đổi mới sáng tạo",
            audiences=[audience.pk],
            depicts_people="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    asset_a.refresh_from_db()
    assert asset_a.title == "Ngày hội Bình dân học vụ số"
    assert asset_a.depicts_people
    assert set(asset_a.topics.names()) == {"Bình dân học vụ số", "Đổi mới sáng tạo"}
    assert list(asset_a.audiences.all()) == [audience]

    listing = client.get(reverse("library_assets:index"), {"q": "tinh khe"}).content.decode()
    assert "Ngày hội Bình dân học vụ số" in listing


def test_unit_staff_cannot_file_under_another_unit_or_its_collection(
    client, staff_a, asset_a, root, unit_b
):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:edit", args=[asset_a.pk]),
        _form_data(
            asset_a,
            source_unit=unit_b.pk,
            collection=unit_collection_of(root, unit_b).pk,
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "source_unit" in form.errors and "collection" in form.errors
    asset_a.refresh_from_db()
    assert asset_a.source_unit_id != unit_b.pk


def test_the_type_must_suit_the_file(client, staff_a, asset_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:edit", args=[asset_a.pk]),
        _form_data(asset_a, kind=AssetKind.VIDEO),
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    response = client.post(
        reverse("library_assets:edit", args=[asset_a.pk]),
        _form_data(asset_a, kind=AssetKind.INFOGRAPHIC),
    )
    assert response.status_code == 302


# --- inspection ---------------------------------------------------------------------------------


def test_inspect_shows_dublin_core_and_the_credit_line(client, staff_a, asset_a):
    asset_a.creator = "Nguyễn Văn Ảnh"
    asset_a.save()
    asset_a.topics.add("Chuyển đổi số")
    client.force_login(staff_a)
    content = client.get(reverse("library_assets:inspect", args=[asset_a.pk])).content.decode()
    for element in ("dc:title", "dc:creator", "dc:subject", "dc:type", "dc:rights"):
        assert element in content
    assert "StillImage" in content
    assert "Nguyễn Văn Ảnh — CC BY 4.0" in content


def test_where_used_lists_the_article_that_shows_the_image(client, editor, asset_a):
    from lantoa.portal.tests.pages import article_add, portal_build, section_get

    portal_build()
    article = article_add(
        section_get(), title="Hội thảo chuyển đổi số tại Quảng Ngãi", image=asset_a.image
    )
    client.force_login(editor)
    response = client.get(reverse("library_assets:inspect", args=[asset_a.pk]))
    usage = response.context["usage"]
    assert [use.label for use in usage] == [article.title]
    content = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in content
    assert article.url in content


def test_asset_never_used_says_so(client, editor, asset_b):
    client.force_login(editor)
    response = client.get(reverse("library_assets:inspect", args=[asset_b.pk]))
    assert response.context["usage"] == []


# --- consent records ----------------------------------------------------------------------------


def test_consent_is_recorded_with_its_signed_form_and_only_reachable_staff_download_it(
    client, staff_a, staff_b, asset_a
):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:consent_add", args=[asset_a.pk]),
        {
            "person_name": "Trần Thị Bình",
            "scope": "Ảnh đăng trên cổng thông tin và mạng xã hội của Sở.",
            "given_on": "01/03/2025",
            "expires_on": "01/03/2027",
            "evidence": SimpleUploadedFile("dong-y.pdf", b"%PDF-1.4 signed", "application/pdf"),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(asset=asset_a)
    assert consent.person_name == "Trần Thị Bình"
    download = reverse("library_assets:consent_evidence", args=[asset_a.pk, consent.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert "no-store" in response["Cache-Control"]

    client.force_login(staff_b)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code in (302, 403)


def test_consent_cannot_expire_before_it_is_given(client, staff_a, asset_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:consent_add", args=[asset_a.pk]),
        {
            "person_name": "Lê Văn Cường",
            "scope": "Ảnh",
            "given_on": "01/03/2025",
            "expires_on": "01/02/2025",
        },
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_consent_edit_and_delete_are_logged_on_the_asset(client, staff_a, asset_a):
    from wagtail.models import ModelLogEntry

    consent = Consent.objects.create(
        asset=asset_a, person_name="Phạm Thị Dung", scope="Ảnh", given_on="2025-01-01"
    )
    client.force_login(staff_a)
    response = client.post(
        reverse("library_assets:consent_edit", args=[asset_a.pk, consent.pk]),
        {"person_name": "Phạm Thị Dung", "scope": "Ảnh và video", "given_on": "01/01/2025"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.scope == "Ảnh và video"
    response = client.post(reverse("library_assets:consent_delete", args=[asset_a.pk, consent.pk]))
    assert response.status_code == 302
    assert not Consent.objects.exists()
    actions = list(ModelLogEntry.objects.for_instance(asset_a).values_list("action", flat=True))
    assert "library.consent.edit" in actions and "library.consent.delete" in actions


# --- works --------------------------------------------------------------------------------------


def test_a_work_lists_its_language_versions(client, editor, root, unit_a):
    work = Work.objects.create(title="Sổ tay chuyển đổi số")
    collection = unit_collection_of(root, unit_a)
    make_asset(unit=unit_a, collection=collection, title="Sổ tay (tiếng Việt)", work=work)
    make_asset(
        unit=unit_a, collection=collection, title="Handbook (English)", work=work, language="en"
    )
    client.force_login(editor)
    content = client.get(reverse("library_works:inspect", args=[work.pk])).content.decode()
    assert "Sổ tay (tiếng Việt)" in content and "Handbook (English)" in content


def test_inspect_lists_look_alike_images_the_user_may_see(client, staff_a, root, unit_a, unit_b):
    own = unit_collection_of(root, unit_a)
    photo = make_asset(unit=unit_a, collection=own, kind=AssetKind.IMAGE, title="Ảnh gốc")
    twin = make_asset(unit=unit_a, collection=own, kind=AssetKind.IMAGE, title="Ảnh cắt lại")
    other = make_asset(
        unit=unit_b,
        collection=unit_collection_of(root, unit_b),
        kind=AssetKind.IMAGE,
        title="Ảnh của đơn vị khác",
    )
    Asset.objects.filter(pk=photo.pk).update(perceptual_hash="f0f0f0f0f0f0f0f0")
    Asset.objects.filter(pk=twin.pk).update(perceptual_hash="f0f0f0f0f0f0f0f1")
    Asset.objects.filter(pk=other.pk).update(perceptual_hash="f0f0f0f0f0f0f0f3")
    client.force_login(staff_a)
    response = client.get(reverse("library_assets:inspect", args=[photo.pk]))
    assert [asset.title for asset in response.context["near_duplicates"]] == [twin.title]


def test_only_administrators_delete_and_the_catalogue_forgets_at_once(
    client, make_user, staff_a, root, unit_a, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_CACHE_SECONDS = 600
    released = make_asset(
        unit=unit_a, collection=unit_collection_of(root, unit_a), title="Ảnh sẽ bị xóa"
    )
    catalogue = reverse("library_catalogue")
    assert released.title in client.get(catalogue).content.decode()  # now kept in the cache
    delete_url = reverse("library_assets:delete", args=[released.pk])

    client.force_login(staff_a)
    client.post(delete_url)
    assert Asset.objects.filter(pk=released.pk).exists()

    client.force_login(make_user("system_admin", unit=unit_a))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_url).status_code == 302
    assert not Asset.objects.filter(pk=released.pk).exists()
    client.logout()
    assert released.title not in client.get(catalogue).content.decode()

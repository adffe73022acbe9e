"""The read-only JSON API of released assets, and its place in the OpenAPI schema."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.library.licences import Licence
from lantoa.library.models import AssetKind, AssetStatus, Audience, Work

pytestmark = pytest.mark.django_db
LIST = "/api/v1/assets/"


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_the_schema_lists_the_asset_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/assets/" in schema["paths"]
    assert "/api/v1/assets/{identifier}/" in schema["paths"]
    parameters = {item["name"] for item in schema["paths"]["/api/v1/assets/"]["get"]["parameters"]}
    assert {"q", "kind", "topic", "audience", "language", "licence", "unit", "year"} <= parameters


def test_only_released_assets_are_listed_or_found(client, add):
    released = add(title="Sổ tay chuyển đổi số")
    draft = add(title="Bản nháp", status=AssetStatus.DRAFT)
    withdrawn = add(title="Đã rút", status=AssetStatus.WITHDRAWN)
    assert _titles(client.get(LIST)) == [released.title]
    assert _titles(client.get(LIST, {"q": "ban nhap"})) == []
    for hidden in (draft, withdrawn):
        assert client.get(f"{LIST}{hidden.identifier}/").status_code == 404
    assert client.get(f"{LIST}{released.identifier}/").status_code == 200


def test_list_filters_and_searches_like_the_catalogue(client, add, unit_b):
    photo = add(title="Ảnh đổi mới sáng tạo", kind=AssetKind.IMAGE, topics=["Đổi mới sáng tạo"])
    photo.audiences.add(Audience.objects.get(code="doanh-nghiep"))
    video = add(
        title="Video hướng dẫn dịch vụ công",
        kind=AssetKind.VIDEO,
        unit=unit_b,
        licence=Licence.CC0,
        language="en",
    )
    assert _titles(client.get(LIST, {"kind": "video"})) == [video.title]
    assert _titles(client.get(LIST, {"unit": unit_b.code})) == [video.title]
    assert _titles(client.get(LIST, {"licence": "CC0-1.0"})) == [video.title]
    assert _titles(client.get(LIST, {"language": "en"})) == [video.title]
    assert _titles(client.get(LIST, {"audience": "doanh-nghiep"})) == [photo.title]
    assert _titles(client.get(LIST, {"topic": photo.topics.get().slug})) == [photo.title]
    assert _titles(client.get(LIST, {"q": "doi moi sang tao"})) == [photo.title]
    assert _titles(client.get(LIST, {"q": "ĐỔI MỚI"})) == [photo.title]
    response = client.get(LIST, {"kind": "hologram"})
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]


def test_list_pages_with_links(client, add):
    for index in range(5):
        add(title=f"Tài liệu {index}")
    first = client.get(LIST, {"page_size": 2}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert not {item["identifier"] for item in first["results"]} & {
        item["identifier"] for item in second["results"]
    }
    assert client.get(LIST, {"page_size": 1000}).status_code == 422


def test_list_queries_do_not_grow_with_assets(client, add):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for index in range(3):
        add(title=f"Tài liệu {index}", topics=["Chuyển đổi số"])
    few = count()
    for index in range(3, 12):
        add(title=f"Tài liệu {index}", topics=["Chuyển đổi số", "Nghị quyết 57"])
    assert count() == few


def test_detail_has_dublin_core_licence_and_download(client, add):
    work = Work.objects.create(title="Sổ tay chuyển đổi số")
    handbook = add(
        title="Sổ tay chuyển đổi số",
        creator="Trung tâm Chuyển đổi số",
        licence=Licence.CC_BY_SA_4,
        work=work,
        topics=["Chuyển đổi số"],
    )
    english = add(title="Digital transformation handbook", work=work, language="en")
    data = client.get(f"{LIST}{handbook.identifier}/").json()
    licence = data["licence"]
    assert (licence["code"], licence["url"]) == (
        "CC-BY-SA-4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    )
    assert licence["attribution"].endswith(": Trung tâm Chuyển đổi số — CC BY-SA 4.0")
    assert data["download_url"] == f"http://testserver/tai-nguyen/{handbook.identifier}/tai-ve/"
    assert data["url"] == f"http://testserver/tai-nguyen/{handbook.identifier}/"
    assert data["dublin_core"]["dc:type"] == ["Text"]
    assert data["dublin_core"]["dc:subject"] == ["Chuyển đổi số"]
    assert f"urn:uuid:{handbook.identifier}" in data["dublin_core"]["dc:identifier"]
    assert [version["title"] for version in data["other_language_versions"]] == [english.title]

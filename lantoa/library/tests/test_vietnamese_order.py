"""The repository's lists of units and topics read in Vietnamese alphabetical order: the
public catalogue's filters, an asset's page and API record, the admin listing's filter."""

import pytest
from django.urls import reverse

from lantoa.directory.tests.factories import UnitFactory
from lantoa.library.selectors import catalogue_facets
from lantoa.library.tests.builders import make_asset

pytestmark = pytest.mark.django_db

# In code-point order "Đổi mới…" and "Ứng dụng…" would come last.
TOPICS = [
    "An toàn thông tin",
    "Ánh sáng và năng lượng",
    "Chuyển đổi số",
    "Đổi mới sáng tạo",
    "Ứng dụng AI",
]


@pytest.fixture
def released(add, root, organisation):
    """Assets of three units of equal rank, whose names differ after their first word."""
    units = [
        UnitFactory(organisation=organisation, code=code, name=name)
        for code, name in [
            ("TTTH", "Trung tâm Tin học"),
            ("TTĐM", "Trung tâm Đổi mới sáng tạo"),
            ("TTAT", "Trung tâm An toàn thông tin"),
        ]
    ]
    topics = list(reversed(TOPICS))
    for index, unit in enumerate(units):
        make_asset(
            title=f"Tài liệu {unit.code}", unit=unit, collection=root, topics=topics[index::3]
        )
    return add(title="Sổ tay", topics=topics)


def test_the_catalogue_filters(client, released):
    facets = catalogue_facets()
    assert [choice.label for choice in facets.topics] == TOPICS
    units = [choice.label for choice in facets.units]
    assert units[-3:] == [
        "Trung tâm An toàn thông tin",
        "Trung tâm Đổi mới sáng tạo",
        "Trung tâm Tin học",
    ]

    page = client.get(reverse("library_catalogue")).content.decode()
    assert sorted(TOPICS, key=page.index) == TOPICS


def test_an_asset_s_topics_on_its_page_and_in_the_api(client, released):
    page = client.get(reverse("library_asset", kwargs={"identifier": released.identifier}))
    assert [tag.name for tag in page.context["topics"]] == TOPICS

    record = client.get(f"/api/v1/assets/{released.identifier}/")
    assert record.json()["topics"] == TOPICS


def test_the_admin_listing_s_topic_filter(client, make_user, released):
    client.force_login(make_user("system_admin"))
    response = client.get(reverse("library_assets:index"))

    choices = [
        label for _value, label in response.context["filters"].filters["topic"].extra["choices"]
    ]
    assert choices == TOPICS

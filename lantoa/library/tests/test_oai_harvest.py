"""A real harvester (oaipmh-scythe, from PyPI) harvests /oai/ from a live server.

What a national aggregator does: read Identify and the sets, harvest every record page by page
through resumption tokens (by GET and by POST), harvest one set and one date window, and learn
that a released asset was withdrawn or deleted.
"""

from datetime import UTC, datetime, timedelta

import pytest
from oaipmh_scythe import HTTPConfig, IdDoesNotExist, NoRecordsMatch, Scythe
from oaipmh_scythe.iterator import OAIResponseIterator

from lantoa.library.models import AssetStatus
from lantoa.library.tests.builders import make_asset, make_collection, make_work

# The live server needs a transactional database; serialized_rollback gives this test the
# freshly migrated database back (Wagtail's root collection, the roles) and leaves it so for
# the transactional tests after it (see tests/functional/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAY = datetime(2025, 3, 1, 8, 0, 0, tzinfo=UTC)
PAGE_SIZE = 4


@pytest.fixture
def endpoint(live_server, settings) -> str:
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.LANTOA_OAI_NAMESPACE = "skhcn.quangngai.example"
    settings.LANTOA_OAI_PAGE_SIZE = PAGE_SIZE
    return f"{live_server.url}/oai/"


@pytest.fixture
def repository(organisation, unit_a, unit_b):
    """Ten released assets in two unit collections an hour apart, a withdrawn one, a draft
    and one deleted after its release."""
    ttcds = make_collection("Kho tài nguyên", "TTCĐS")
    bcvt = make_collection("Kho tài nguyên", "Bưu chính viễn thông")
    work = make_work("Sổ tay chuyển đổi số")
    released = []
    for n in range(10):
        released.append(
            make_asset(
                unit=unit_a if n < 6 else unit_b,
                collection=ttcds if n < 6 else bcvt,
                title=f"Ấn phẩm số {n}",
                topics=["Chuyển đổi số"],
                work=work if n in (0, 1) else None,
                language="en" if n == 1 else "vi",
                changed_at=DAY + timedelta(hours=n),
            )
        )
    withdrawn = make_asset(
        unit=unit_a,
        collection=ttcds,
        status=AssetStatus.WITHDRAWN,
        released_at=DAY,
        changed_at=DAY + timedelta(days=1),
    )
    draft = make_asset(unit=unit_a, collection=ttcds, status=AssetStatus.DRAFT)
    deleted = make_asset(unit=unit_b, collection=bcvt, changed_at=DAY)
    deleted_identifier = deleted.identifier
    deleted.delete()
    return {
        "released": released,
        "withdrawn": withdrawn.identifier,
        "draft": draft.identifier,
        "deleted": deleted_identifier,
    }


def oai_identifier(uuid) -> str:
    return f"oai:skhcn.quangngai.example:asset/{uuid}"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_harvester_collects_every_record(endpoint, repository, organisation, method):
    with Scythe(endpoint, http_config=HTTPConfig(http_method=method, timeout=30)) as scythe:
        identify = scythe.identify()
        pages = list(
            OAIResponseIterator(scythe, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
        )
        records = list(scythe.list_records(metadata_prefix="oai_dc"))
        sets = {item.setSpec: item.setName for item in scythe.list_sets()}

    site = endpoint.removesuffix("/oai/")
    assert identify.baseURL == endpoint
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"
    assert organisation.name in identify.repositoryName
    # 10 released + withdrawn + deleted = 12 records, in pages of 4.
    assert len(pages) == 3
    assert len(records) == 12
    by_identifier = {record.header.identifier: record for record in records}
    assert len(by_identifier) == 12
    for asset in repository["released"]:
        metadata = by_identifier[oai_identifier(asset.identifier)].metadata
        assert metadata["title"] == [asset.title]
        assert metadata["subject"] == ["Chuyển đổi số"]
        assert metadata["publisher"] == [organisation.name]
        assert f"{site}/tai-nguyen/{asset.identifier}/" in metadata["identifier"]
    english = repository["released"][1]
    vietnamese = by_identifier[oai_identifier(repository["released"][0].identifier)]
    assert vietnamese.metadata["relation"] == [f"{site}/tai-nguyen/{english.identifier}/"]
    assert by_identifier[oai_identifier(repository["withdrawn"])].deleted
    assert by_identifier[oai_identifier(repository["deleted"])].deleted
    assert oai_identifier(repository["draft"]) not in by_identifier
    assert sets == {
        "kho-tai-nguyen": "Kho tài nguyên",
        "kho-tai-nguyen:ttcds": "TTCĐS",
        "kho-tai-nguyen:buu-chinh-vien-thong": "Bưu chính viễn thông",
    }


def test_a_harvester_harvests_selectively(endpoint, repository):
    released = repository["released"]
    with Scythe(endpoint, http_config=HTTPConfig(timeout=30)) as scythe:
        by_set = list(scythe.list_identifiers(set_="kho-tai-nguyen:buu-chinh-vien-thong"))
        whole_tree = list(scythe.list_identifiers(set_="kho-tai-nguyen"))
        window = list(
            scythe.list_records(from_="2025-03-01T10:00:00Z", until="2025-03-01T15:00:00Z")
        )
        by_day = list(scythe.list_identifiers(from_="2025-03-02", until="2025-03-02"))
        record = scythe.get_record(oai_identifier(released[3].identifier))
        with pytest.raises(NoRecordsMatch):
            list(scythe.list_records(from_="2030-01-01"))
        with pytest.raises(IdDoesNotExist):
            scythe.get_record(oai_identifier(repository["draft"]))

    # BCVT's set: its four released assets and the deleted one, as a deleted header.
    assert {header.identifier for header in by_set} == {
        *(oai_identifier(asset.identifier) for asset in released[6:]),
        oai_identifier(repository["deleted"]),
    }
    assert [header.deleted for header in by_set].count(True) == 1
    # The parent set holds its children's records: everything.
    assert len(whole_tree) == 12
    assert [item.header.identifier for item in window] == [
        oai_identifier(asset.identifier) for asset in released[2:8]
    ]
    # The withdrawal (a day later) is the only change on 2 March.
    assert [(header.identifier, header.deleted) for header in by_day] == [
        (oai_identifier(repository["withdrawn"]), True)
    ]
    assert record.metadata["title"] == [released[3].title]
    assert record.header.datestamp == "2025-03-01T11:00:00Z"

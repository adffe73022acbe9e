"""The OAI-PMH 2.0 endpoint at /oai/: each verb, each error, paging, selective harvesting."""

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.library import oai
from lantoa.library.licences import Licence
from lantoa.library.models import AssetDeletion, AssetKind, AssetStatus
from lantoa.library.tests.builders import (
    make_asset,
    make_collection,
    make_work,
)

NS = {"oai": oai.OAI_NS, "oai_dc": oai.OAI_DC_NS, "dc": oai.DC_NS, "xsi": oai.XSI_NS}
BASE = "https://skhcn.example.gov.vn"
NAMESPACE = "skhcn.example.gov.vn"
DAY = datetime(2025, 3, 1, 8, 0, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.LANTOA_OAI_NAMESPACE = ""
    settings.LANTOA_OAI_PAGE_SIZE = 100


@pytest.fixture
def organisation(organisation):
    organisation.email = "vanthu@skhcn.example.gov.vn"
    organisation.save()
    return organisation


@pytest.fixture
def ttcds(organisation):
    return make_collection("Kho tài nguyên", "TTCĐS")


@pytest.fixture
def bcvt(organisation):
    return make_collection("Kho tài nguyên", "Bưu chính viễn thông")


def harvest(client, method="get", **arguments) -> ET.Element:
    """The parsed answer of /oai/ to these arguments (a list value repeats the argument)."""
    if method == "post":
        response = client.post(
            reverse("library_oai"),
            urlencode(arguments, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = client.get(reverse("library_oai"), arguments)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def error_code(root: ET.Element) -> str:
    error = root.find("oai:error", NS)
    assert error is not None, ET.tostring(root, encoding="unicode")
    assert error.text
    return error.get("code")


def identifier_of(asset) -> str:
    return f"oai:{NAMESPACE}:asset/{asset.identifier}"


def header_identifiers(root: ET.Element) -> list[str]:
    return [element.text for element in root.iterfind(".//oai:header/oai:identifier", NS)]


def dc_values(record: ET.Element, element: str) -> list[str]:
    return [item.text for item in record.iterfind(f"oai:metadata/oai_dc:dc/dc:{element}", NS)]


def token_of(root: ET.Element) -> ET.Element | None:
    return root.find(".//oai:resumptionToken", NS)


# --- Identify ----------------------------------------------------------------------------------


def test_identify_describes_the_repository(client, organisation, unit_a, ttcds):
    make_asset(unit=unit_a, collection=ttcds, changed_at=DAY + timedelta(days=3))
    make_asset(unit=unit_a, collection=ttcds, changed_at=DAY)
    make_asset(
        unit=unit_a, collection=ttcds, status=AssetStatus.DRAFT, changed_at=DAY - timedelta(9)
    )

    root = harvest(client, verb="Identify")

    assert root.tag == f"{{{oai.OAI_NS}}}OAI-PMH"
    assert root.get(f"{{{oai.XSI_NS}}}schemaLocation").split() == [oai.OAI_NS, oai.OAI_SCHEMA]
    assert root.find("oai:responseDate", NS).text.endswith("Z")
    request = root.find("oai:request", NS)
    assert request.text == f"{BASE}/oai/"
    assert request.attrib == {"verb": "Identify"}
    identify = root.find("oai:Identify", NS)
    assert organisation.name in identify.find("oai:repositoryName", NS).text
    assert identify.find("oai:baseURL", NS).text == f"{BASE}/oai/"
    assert identify.find("oai:protocolVersion", NS).text == "2.0"
    assert identify.find("oai:adminEmail", NS).text == "vanthu@skhcn.example.gov.vn"
    # The draft, never released, is no record: the earliest record is the one of DAY.
    assert identify.find("oai:earliestDatestamp", NS).text == "2025-03-01T08:00:00Z"
    assert identify.find("oai:deletedRecord", NS).text == "persistent"
    assert identify.find("oai:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    description = identify.find(f"oai:description/{{{oai.OAI_IDENTIFIER_NS}}}oai-identifier", NS)
    assert description.find(f"{{{oai.OAI_IDENTIFIER_NS}}}repositoryIdentifier").text == NAMESPACE
    sample = description.find(f"{{{oai.OAI_IDENTIFIER_NS}}}sampleIdentifier").text
    assert sample.startswith(f"oai:{NAMESPACE}:asset/")


def test_identify_falls_back_to_the_default_sender_address(client, organisation, settings):
    organisation.email = ""
    organisation.save()
    settings.DEFAULT_FROM_EMAIL = "lantoa@skhcn.example.gov.vn"

    identify = harvest(client, verb="Identify").find("oai:Identify", NS)

    assert identify.find("oai:adminEmail", NS).text == "lantoa@skhcn.example.gov.vn"


def test_the_namespace_setting_names_the_records(client, organisation, unit_a, ttcds, settings):
    settings.LANTOA_OAI_NAMESPACE = "kho.quangngai.vn"
    asset = make_asset(unit=unit_a, collection=ttcds)

    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")

    assert header_identifiers(root) == [f"oai:kho.quangngai.vn:asset/{asset.identifier}"]


def test_a_post_form_is_answered_like_a_get(client, organisation, unit_a, ttcds):
    asset = make_asset(unit=unit_a, collection=ttcds)

    root = harvest(
        client,
        method="post",
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier=identifier_of(asset),
    )

    assert header_identifiers(root) == [identifier_of(asset)]
    assert dc_values(root.find(".//oai:record", NS), "title") == [asset.title]


def test_a_post_that_is_not_form_encoded_is_a_bad_argument(client, organisation):
    response = client.post(reverse("library_oai"), "verb=Identify", content_type="text/plain")

    assert error_code(ET.fromstring(response.content)) == "badArgument"  # noqa: S314


def test_the_base_url_without_its_slash_answers_too(client, organisation):
    response = client.post(
        "/oai", "verb=Identify", content_type="application/x-www-form-urlencoded"
    )

    assert ET.fromstring(response.content).find("oai:Identify", NS) is not None  # noqa: S314


def test_other_methods_are_refused(client, organisation):
    assert client.put(reverse("library_oai")).status_code == 405


# --- protocol errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [{}, {"verb": "Harvest"}, {"verb": ["Identify", "Identify"]}, {"verb": "identify"}],
    ids=["missing", "unknown", "repeated", "wrong-case"],
)
def test_bad_verbs(client, organisation, arguments):
    root = harvest(client, **arguments)

    assert error_code(root) == "badVerb"
    assert root.find("oai:request", NS).attrib == {}


@pytest.mark.parametrize(
    "arguments",
    [
        {"verb": "Identify", "set": "kho-tai-nguyen"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "identifier": "x"},
        {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]},
        {"verb": "ListRecords"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "abc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2025-03-01T08:00Z"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "01/03/2025"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2025-02-30"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-03-01T08:00:00.5Z"},
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2025-03-01",
            "until": "2025-03-02T00:00:00Z",
        },
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2025-03-02",
            "until": "2025-03-01",
        },
        {"verb": "ListSets", "set": "kho-tai-nguyen"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": ""},
    ],
    ids=[
        "illegal-argument",
        "argument-of-another-verb",
        "repeated-argument",
        "missing-metadata-prefix",
        "missing-identifier",
        "token-with-other-arguments",
        "time-without-seconds",
        "not-iso-date",
        "no-such-day",
        "fractional-seconds",
        "mixed-granularity",
        "from-after-until",
        "set-on-list-sets",
        "empty-value",
    ],
)
def test_bad_arguments(client, organisation, arguments):
    root = harvest(client, **arguments)

    assert error_code(root) == "badArgument"
    assert root.find("oai:request", NS).attrib == {}


def test_other_errors_echo_the_request(client, organisation):
    root = harvest(client, verb="GetRecord", metadataPrefix="oai_dc", identifier="oai:x:y")

    assert error_code(root) == "idDoesNotExist"
    assert root.find("oai:request", NS).attrib == {
        "verb": "GetRecord",
        "metadataPrefix": "oai_dc",
        "identifier": "oai:x:y",
    }


def test_formats_other_than_oai_dc_cannot_be_disseminated(client, organisation, unit_a, ttcds):
    asset = make_asset(unit=unit_a, collection=ttcds)

    for arguments in (
        {"verb": "GetRecord", "identifier": identifier_of(asset)},
        {"verb": "ListRecords"},
        {"verb": "ListIdentifiers"},
    ):
        root = harvest(client, metadataPrefix="marc21", **arguments)
        assert error_code(root) == "cannotDisseminateFormat", arguments


# --- ListMetadataFormats -----------------------------------------------------------------------


def test_list_metadata_formats_offers_oai_dc(client, organisation, unit_a, ttcds):
    asset = make_asset(unit=unit_a, collection=ttcds)

    for arguments in ({}, {"identifier": identifier_of(asset)}):
        root = harvest(client, verb="ListMetadataFormats", **arguments)
        formats = root.findall("oai:ListMetadataFormats/oai:metadataFormat", NS)
        assert [
            (
                item.find("oai:metadataPrefix", NS).text,
                item.find("oai:schema", NS).text,
                item.find("oai:metadataNamespace", NS).text,
            )
            for item in formats
        ] == [("oai_dc", oai.OAI_DC_SCHEMA, oai.OAI_DC_NS)]


def test_list_metadata_formats_of_an_unknown_item(client, organisation, unit_a, ttcds):
    draft = make_asset(unit=unit_a, collection=ttcds, status=AssetStatus.DRAFT)

    for identifier in (identifier_of(draft), f"oai:{NAMESPACE}:asset/not-a-uuid", "urn:x"):
        root = harvest(client, verb="ListMetadataFormats", identifier=identifier)
        assert error_code(root) == "idDoesNotExist", identifier


# --- ListSets ----------------------------------------------------------------------------------


def test_list_sets_names_the_collections_that_hold_records(
    client, organisation, unit_a, ttcds, bcvt
):
    make_asset(unit=unit_a, collection=ttcds)
    make_asset(unit=unit_a, collection=bcvt, status=AssetStatus.DRAFT)
    make_asset(unit=unit_a, collection=make_collection("Ảnh sự kiện"))

    root = harvest(client, verb="ListSets")

    sets = [
        (item.find("oai:setSpec", NS).text, item.find("oai:setName", NS).text)
        for item in root.iterfind("oai:ListSets/oai:set", NS)
    ]
    # BCVT's collection holds only a draft: no set.
    assert sets == [
        ("anh-su-kien", "Ảnh sự kiện"),
        ("kho-tai-nguyen", "Kho tài nguyên"),
        ("kho-tai-nguyen:ttcds", "TTCĐS"),
    ]


def test_list_sets_without_records_has_no_set_hierarchy(client, organisation):
    assert error_code(harvest(client, verb="ListSets")) == "noSetHierarchy"


def test_list_sets_issues_no_resumption_token(client, organisation, unit_a, ttcds):
    make_asset(unit=unit_a, collection=ttcds)

    root = harvest(client, verb="ListSets", resumptionToken="anything")

    assert error_code(root) == "badResumptionToken"


def test_set_specs_are_ascii_and_unique_among_siblings(organisation):
    first = make_collection("Ảnh")
    second = make_collection("Anh")
    symbols = make_collection("★ ☆")
    nested = make_collection("Ảnh", "Đổi mới, sáng tạo!")

    sets = oai.CollectionSets.load()

    assert sets.specs_for(first.pk) == ["anh"]
    assert sets.specs_for(second.pk) == [f"anh-{second.pk}"]
    assert sets.specs_for(symbols.pk) == [f"collection-{symbols.pk}"]
    assert sets.specs_for(nested.pk) == ["anh", "anh:doi-moi-sang-tao"]


# --- GetRecord ---------------------------------------------------------------------------------


def test_get_record_gives_the_dublin_core_record(client, organisation, unit_a, ttcds):
    work = make_work("Sổ tay chuyển đổi số")
    english = make_asset(
        unit=unit_a, collection=ttcds, work=work, language="en", title="Digital handbook"
    )
    make_asset(unit=unit_a, collection=ttcds, work=work, language="hre", status=AssetStatus.DRAFT)
    asset = make_asset(
        unit=unit_a,
        collection=ttcds,
        kind=AssetKind.PUBLICATION,
        title="Sổ tay chuyển đổi số cho người dân",
        description="Hướng dẫn dùng dịch vụ công trực tuyến.",
        creator="Nguyễn Văn An",
        topics=["Chuyển đổi số", "Bình dân học vụ số"],
        work=work,
        language="vi",
        licence=Licence.CC_BY_SA_4,
        attribution="Sở KH&CN Quảng Ngãi",
        created_on=datetime(2025, 2, 14, tzinfo=UTC).date(),
        changed_at=DAY,
    )

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(asset)
    )

    record = root.find("oai:GetRecord/oai:record", NS)
    header = record.find("oai:header", NS)
    assert header.get("status") is None
    assert header.find("oai:identifier", NS).text == identifier_of(asset)
    assert header.find("oai:datestamp", NS).text == "2025-03-01T08:00:00Z"
    assert [spec.text for spec in header.iterfind("oai:setSpec", NS)] == [
        "kho-tai-nguyen",
        "kho-tai-nguyen:ttcds",
    ]
    dc = record.find("oai:metadata/oai_dc:dc", NS)
    assert dc.get(f"{{{oai.XSI_NS}}}schemaLocation").split() == [
        oai.OAI_DC_NS,
        oai.OAI_DC_SCHEMA,
    ]
    assert dc_values(record, "title") == ["Sổ tay chuyển đổi số cho người dân"]
    assert dc_values(record, "creator") == ["Nguyễn Văn An"]
    assert dc_values(record, "subject") == ["Bình dân học vụ số", "Chuyển đổi số"]
    assert dc_values(record, "description") == ["Hướng dẫn dùng dịch vụ công trực tuyến."]
    assert dc_values(record, "publisher") == [organisation.name]
    assert dc_values(record, "contributor") == [unit_a.name]
    assert dc_values(record, "date") == ["2025-02-14"]
    assert dc_values(record, "type") == ["Text"]
    assert dc_values(record, "format") == ["application/pdf"]
    assert dc_values(record, "identifier") == [
        f"{BASE}/tai-nguyen/{asset.identifier}/",
        f"{BASE}/tai-nguyen/{asset.identifier}/tai-ve/",
    ]
    assert dc_values(record, "language") == ["vi"]
    # The released English version; not the Hrê draft.
    assert dc_values(record, "relation") == [f"{BASE}/tai-nguyen/{english.identifier}/"]
    assert dc_values(record, "rights") == [
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Sở KH&CN Quảng Ngãi",
    ]


def test_catalogue_urls_have_a_fallback_while_the_catalogue_is_not_mounted(settings):
    settings.ROOT_URLCONF = "lantoa.library.oai_urls"
    identifier = uuid.UUID("6f1c2a9e-4b7d-4c8e-9a3f-2d5e8b1c0a47")

    assert oai.asset_catalogue_path(identifier) == f"/tai-nguyen/{identifier}/"
    assert oai.asset_download_path(identifier) == f"/tai-nguyen/{identifier}/tai-ve/"


@pytest.mark.parametrize(
    ("kind", "dcmi_type"),
    [(AssetKind.IMAGE, "StillImage"), (AssetKind.VIDEO, "MovingImage"), (AssetKind.AUDIO, "Sound")],
)
def test_each_kind_has_its_dcmi_type(client, organisation, unit_a, ttcds, kind, dcmi_type):
    asset = make_asset(unit=unit_a, collection=ttcds, kind=kind)

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(asset)
    )

    assert dc_values(root.find(".//oai:record", NS), "type") == [dcmi_type]


def test_all_rights_reserved_is_stated(client, organisation, unit_a, ttcds):
    asset = make_asset(unit=unit_a, collection=ttcds, licence=Licence.ALL_RIGHTS_RESERVED)

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(asset)
    )

    rights = dc_values(root.find(".//oai:record", NS), "rights")
    assert len(rights) == 1
    assert not rights[0].startswith("http")


def test_text_that_xml_cannot_carry_is_left_out(client, organisation, unit_a, ttcds):
    # Control characters pasted from Word; PostgreSQL refuses NUL itself, SQLite keeps it.
    asset = make_asset(unit=unit_a, collection=ttcds, title="Bản tin\x0b số 1\x1f\ufffe")

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(asset)
    )

    assert dc_values(root.find(".//oai:record", NS), "title") == ["Bản tin số 1"]


@pytest.mark.parametrize(
    "identifier",
    [
        "oai:other.example.org:asset/{uuid}",
        f"oai:{NAMESPACE}:asset/12345",
        f"oai:{NAMESPACE}:page/{{uuid}}",
    ],
)
def test_get_record_of_an_identifier_not_ours(client, organisation, unit_a, ttcds, identifier):
    asset = make_asset(unit=unit_a, collection=ttcds)

    root = harvest(
        client,
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier=identifier.format(uuid=asset.identifier),
    )

    assert error_code(root) == "idDoesNotExist"


def test_an_asset_never_released_is_no_record(client, organisation, unit_a, ttcds):
    draft = make_asset(unit=unit_a, collection=ttcds, status=AssetStatus.DRAFT)

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(draft)
    )

    assert error_code(root) == "idDoesNotExist"
    assert error_code(harvest(client, verb="ListRecords", metadataPrefix="oai_dc")) == (
        "noRecordsMatch"
    )


# --- deleted records ---------------------------------------------------------------------------


def test_a_withdrawn_asset_is_a_deleted_record(client, organisation, unit_a, ttcds):
    asset = make_asset(
        unit=unit_a,
        collection=ttcds,
        status=AssetStatus.WITHDRAWN,
        released_at=DAY - timedelta(days=30),
        changed_at=DAY,
    )

    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_of(asset)
    )

    record = root.find("oai:GetRecord/oai:record", NS)
    header = record.find("oai:header", NS)
    assert header.get("status") == "deleted"
    assert header.find("oai:datestamp", NS).text == "2025-03-01T08:00:00Z"
    assert record.find("oai:metadata", NS) is None


def test_a_deleted_asset_stays_as_a_deleted_record(
    client, organisation, unit_a, ttcds, time_machine
):
    asset = make_asset(unit=unit_a, collection=ttcds, changed_at=DAY)
    identifier = identifier_of(asset)
    time_machine.move_to(DAY + timedelta(days=2), tick=False)
    asset.delete()

    root = harvest(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    header = root.find("oai:GetRecord/oai:record/oai:header", NS)
    assert header.get("status") == "deleted"
    assert header.find("oai:identifier", NS).text == identifier
    assert header.find("oai:datestamp", NS).text == "2025-03-03T08:00:00Z"
    assert [spec.text for spec in header.iterfind("oai:setSpec", NS)] == [
        "kho-tai-nguyen",
        "kho-tai-nguyen:ttcds",
    ]
    listed = harvest(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="kho-tai-nguyen:ttcds"
    )
    assert header_identifiers(listed) == [identifier]


def test_deleting_an_asset_never_released_leaves_nothing(organisation, unit_a, ttcds):
    make_asset(unit=unit_a, collection=ttcds, status=AssetStatus.DRAFT).delete()

    assert not AssetDeletion.objects.exists()


# --- lists, paging and selective harvesting ----------------------------------------------------


@pytest.fixture
def five_records(organisation, unit_a, ttcds):
    """Five records an hour apart from DAY: released, released, deleted after its release,
    withdrawn, released."""

    def released(hour):
        return make_asset(
            unit=unit_a,
            collection=ttcds,
            title=f"Ảnh {hour}",
            changed_at=DAY + timedelta(hours=hour),
        )

    first, second, deleted = released(0), released(1), released(2)
    deleted.delete()
    AssetDeletion.objects.filter(identifier=deleted.identifier).update(
        deleted_at=DAY + timedelta(hours=2)
    )
    withdrawn = make_asset(
        unit=unit_a,
        collection=ttcds,
        status=AssetStatus.WITHDRAWN,
        released_at=DAY,
        changed_at=DAY + timedelta(hours=3),
    )
    return [first, second, deleted, withdrawn, released(4)]


def test_list_records_pages_with_resumption_tokens(client, settings, five_records):
    settings.LANTOA_OAI_PAGE_SIZE = 2

    pages = [harvest(client, verb="ListRecords", metadataPrefix="oai_dc")]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(harvest(client, verb="ListRecords", resumptionToken=token.text))

    assert [len(page.findall("oai:ListRecords/oai:record", NS)) for page in pages] == [2, 2, 1]
    tokens = [token_of(page) for page in pages]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        ("0", "5"),
        ("2", "5"),
        ("4", "5"),
    ]
    expires = datetime.fromisoformat(tokens[0].get("expirationDate"))
    assert expires > datetime.now(UTC) + oai.TOKEN_LIFETIME - timedelta(minutes=5)
    assert tokens[-1].text is None and tokens[-1].get("expirationDate") is None
    identifiers = [i for page in pages for i in header_identifiers(page)]
    assert identifiers == [identifier_of(asset) for asset in five_records]
    records = [record for page in pages for record in page.iterfind(".//oai:record", NS)]
    assert [record.find("oai:header", NS).get("status") for record in records] == [
        None,
        None,
        "deleted",
        "deleted",
        None,
    ]
    assert [record.find("oai:metadata", NS) is not None for record in records] == [
        True,
        True,
        False,
        False,
        True,
    ]


def test_a_list_in_one_page_has_no_token(client, five_records):
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")

    assert len(header_identifiers(root)) == 5
    assert token_of(root) is None


def test_list_identifiers_gives_headers_only(client, settings, five_records):
    settings.LANTOA_OAI_PAGE_SIZE = 3

    first = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    second = harvest(client, verb="ListIdentifiers", resumptionToken=token_of(first).text)

    assert first.find(".//oai:metadata", NS) is None
    assert first.find("oai:ListIdentifiers/oai:header", NS) is not None
    assert header_identifiers(first) + header_identifiers(second) == [
        identifier_of(asset) for asset in five_records
    ]


def test_paging_is_stable_while_records_change(client, settings, five_records, unit_a, ttcds):
    settings.LANTOA_OAI_PAGE_SIZE = 2
    first = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    # Between two pages: a new release, and a change to a record already delivered.
    added = make_asset(unit=unit_a, collection=ttcds, title="Mới")
    five_records[0].title = "Ảnh 0, sửa lại"
    five_records[0].save()

    identifiers = header_identifiers(first)
    token = token_of(first).text
    while token:
        page = harvest(client, verb="ListIdentifiers", resumptionToken=token)
        identifiers += header_identifiers(page)
        token = token_of(page).text

    # Nothing skipped; the changed record comes again at the end, after the new one.
    assert identifiers == [identifier_of(asset) for asset in five_records] + [
        identifier_of(added),
        identifier_of(five_records[0]),
    ]


def test_a_forged_or_expired_token_is_refused(client, settings, five_records, time_machine):
    settings.LANTOA_OAI_PAGE_SIZE = 2
    time_machine.move_to(datetime.now(UTC), tick=False)
    token = token_of(harvest(client, verb="ListRecords", metadataPrefix="oai_dc")).text
    payload = signing.loads(token, salt=f"{oai.TOKEN_SALT}:ListRecords")
    forged = signing.dumps([*payload[:4], 0, *payload[5:]], salt="another salt", compress=True)

    for bad in (token[:-2] + "xx", forged, "not a token"):
        assert error_code(harvest(client, verb="ListRecords", resumptionToken=bad)) == (
            "badResumptionToken"
        )
    # A ListRecords token does not page ListIdentifiers.
    root = harvest(client, verb="ListIdentifiers", resumptionToken=token)
    assert error_code(root) == "badResumptionToken"

    time_machine.shift(oai.TOKEN_LIFETIME - timedelta(minutes=1))
    assert header_identifiers(harvest(client, verb="ListRecords", resumptionToken=token))
    time_machine.shift(timedelta(minutes=2))
    root = harvest(client, verb="ListRecords", resumptionToken=token)
    assert error_code(root) == "badResumptionToken"


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"from": "2025-03-01T09:00:00Z"}, [1, 2, 3, 4]),
        ({"until": "2025-03-01T09:00:00Z"}, [0, 1]),
        ({"from": "2025-03-01T09:00:00Z", "until": "2025-03-01T10:00:00Z"}, [1, 2]),
        ({"from": "2025-03-01T09:00:01Z", "until": "2025-03-01T10:59:59Z"}, [2]),
        ({"from": "2025-03-01", "until": "2025-03-01"}, [0, 1, 2, 3, 4]),
        ({"until": "2025-02-28"}, []),
        ({"from": "2025-03-02"}, []),
    ],
)
def test_selective_harvesting_by_date(client, five_records, window, expected):
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **window)

    if expected:
        assert header_identifiers(root) == [identifier_of(five_records[n]) for n in expected]
    else:
        assert error_code(root) == "noRecordsMatch"


def test_selective_harvesting_by_set(client, organisation, unit_a, ttcds, bcvt):
    in_ttcds = make_asset(unit=unit_a, collection=ttcds, changed_at=DAY)
    in_bcvt = make_asset(unit=unit_a, collection=bcvt, changed_at=DAY + timedelta(hours=1))
    elsewhere = make_asset(unit=unit_a, collection=make_collection("Ảnh sự kiện"))

    def listed(spec):
        root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        return header_identifiers(root) if root.find("oai:error", NS) is None else error_code(root)

    assert listed("kho-tai-nguyen") == [identifier_of(in_ttcds), identifier_of(in_bcvt)]
    assert listed("kho-tai-nguyen:ttcds") == [identifier_of(in_ttcds)]
    assert listed("anh-su-kien") == [identifier_of(elsewhere)]
    assert listed("kho-tai") == "noRecordsMatch"
    assert listed("no-such-set") == "noRecordsMatch"


def test_the_page_cache_never_keeps_an_answer(client, settings, organisation, unit_a, ttcds):
    settings.PORTAL_CACHE_SECONDS = 600
    make_asset(unit=unit_a, collection=ttcds, changed_at=DAY)
    response = client.get(
        reverse("library_oai"), {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    )
    assert "no-store" in response["Cache-Control"]

    make_asset(unit=unit_a, collection=ttcds)
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")

    assert len(header_identifiers(root)) == 2


def _list_records_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert token_of(root) is not None
    return len(queries)


def test_a_list_records_page_costs_the_same_queries_whatever_its_size(
    client, settings, organisation, unit_a, ttcds, bcvt, time_machine
):
    """Pinned: the next keys (one query per asset status, one for deletions), the list's size
    (assets, deletions: first page only), the page's assets with their unit and work, their
    topics, their works' other versions, its deletions, the collections, the organisation."""
    work = make_work()
    for n in range(12):
        make_asset(
            unit=unit_a,
            collection=ttcds if n % 2 else bcvt,
            topics=[f"Chủ đề {n}", "Chuyển đổi số"],
            work=work if n < 4 else None,
            language=["vi", "en", "hre", "cua"][n % 4],
            changed_at=DAY + timedelta(minutes=n),
        )
    deleted = make_asset(unit=unit_a, collection=ttcds, changed_at=DAY)
    time_machine.move_to(DAY + timedelta(seconds=30), tick=False)
    deleted.delete()

    settings.LANTOA_OAI_PAGE_SIZE = 3
    small_page = _list_records_queries(client)
    settings.LANTOA_OAI_PAGE_SIZE = 10
    large_page = _list_records_queries(client)

    assert small_page == large_page == 12

"""The repository's OAI-PMH 2.0 data provider (`/oai/`, metadata format `oai_dc`).

The protocol lives here, apart from HTTP: `oai_respond(arguments)` takes a request's arguments
(name → list of values, as a GET query or an url-encoded POST body carries them) and returns the
XML document; the view (oai_views.py) only reads the arguments and sends the bytes.

Records are the assets that are released, and the assets that were released once and are not
public any more — withdrawn, sent back to draft, or deleted (an AssetDeletion row, written by
`asset_deletion_record` when a released asset is deleted). The last ones are answered as
deleted headers for ever (deletedRecord "persistent"). A record's datestamp is its last change
(Asset.updated_at, AssetDeletion.deleted_at) in UTC.

Sets are Wagtail collections. A collection's setSpec is its path below Wagtail's root collection,
each name folded to an ASCII slug, joined by ":" ("kho-tai-nguyen:ttcds"); an asset belongs to
its collection's set and to every ancestor's, so harvesting a set includes its subsets.

Lists are paged with resumption tokens that carry all the next page needs (the request, the
cursor and the last record delivered), signed so they cannot be forged and dated so they expire.
Paging goes by key — (datestamp, source, id) — never by offset: a record that changes during a
harvest gets a later datestamp and is delivered again at the end, none is skipped, and each
page costs the same however deep into the list it is.
"""

import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Min, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Collection

from lantoa.core.text import fold_words
from lantoa.directory.models import Organisation
from lantoa.directory.selectors import home_organisation
from lantoa.library.licences import Licence, licence_terms
from lantoa.library.models import Asset, AssetDeletion, AssetStatus, AssetTopic

PROTOCOL_VERSION = "2.0"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

METADATA_PREFIX = "oai_dc"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DATESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_PAGE_SIZE = 100
TOKEN_SALT = "lantoa.library.oai.resumption-token"  # noqa: S105 (a namespace, not a secret)
TOKEN_LIFETIME = timedelta(hours=24)
# Fallbacks while the public catalogue's URLs are not mounted (lantoa/library/urls.py).
CATALOGUE_PATH = "/tai-nguyen/{identifier}/"
DOWNLOAD_PATH = "/tai-nguyen/{identifier}/tai-ve/"

# Where records come from, in the order records with the same datestamp are listed.
SOURCE_ASSET = 0
SOURCE_DELETION = 1

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# The oai-identifier description's pattern for a repository identifier (a domain name).
_REPOSITORY_IDENTIFIER = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SAMPLE_UUID = uuid.UUID("01234567-89ab-4def-8123-456789abcdef")
# Characters XML 1.0 cannot carry at all (text pasted from Word may hold some).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# --- requests and errors -----------------------------------------------------------------------


class OaiError(Exception):
    """An OAI-PMH error condition: `code` is the protocol's error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class VerbArguments:
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str | None = None

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional | ({self.exclusive} if self.exclusive else set())


_LIST_ARGUMENTS = VerbArguments(
    required=frozenset({"metadataPrefix"}),
    optional=frozenset({"from", "until", "set"}),
    exclusive="resumptionToken",
)
VERBS = {
    "Identify": VerbArguments(),
    "ListMetadataFormats": VerbArguments(optional=frozenset({"identifier"})),
    "ListSets": VerbArguments(exclusive="resumptionToken"),
    "ListIdentifiers": _LIST_ARGUMENTS,
    "ListRecords": _LIST_ARGUMENTS,
    "GetRecord": VerbArguments(required=frozenset({"identifier", "metadataPrefix"})),
}


@dataclass(frozen=True)
class OaiRequest:
    verb: str
    arguments: dict[str, str]


def oai_request_parse(arguments: Mapping[str, Sequence[str]]) -> OaiRequest:
    """The request's verb and arguments, or badVerb / badArgument as the protocol defines."""
    verbs = list(arguments.get("verb", []))
    if not verbs:
        raise OaiError("badVerb", _("The verb argument is missing."))
    if len(verbs) > 1:
        raise OaiError("badVerb", _("The verb argument is repeated."))
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", _("“%(verb)s” is not an OAI-PMH verb.") % {"verb": verb})
    rules = VERBS[verb]
    values: dict[str, str] = {}
    for name, given in arguments.items():
        if name == "verb":
            continue
        if name not in rules.allowed:
            raise OaiError(
                "badArgument",
                _("The argument “%(name)s” is not allowed with %(verb)s.")
                % {"name": name, "verb": verb},
            )
        if len(given) != 1:
            raise OaiError(
                "badArgument", _("The argument “%(name)s” is repeated.") % {"name": name}
            )
        if not given[0]:
            raise OaiError("badArgument", _("The argument “%(name)s” is empty.") % {"name": name})
        values[name] = given[0]
    if rules.exclusive and rules.exclusive in values:
        if len(values) > 1:
            raise OaiError(
                "badArgument",
                _("The resumptionToken argument cannot be combined with other arguments."),
            )
    else:
        missing = sorted(rules.required - values.keys())
        if missing:
            raise OaiError(
                "badArgument",
                _("The required argument “%(name)s” is missing.") % {"name": missing[0]},
            )
    return OaiRequest(verb=verb, arguments=values)


# --- what every answer needs -------------------------------------------------------------------


def oai_base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("library_oai")


def oai_namespace() -> str:
    """The namespace part of record identifiers: LANTOA_OAI_NAMESPACE, else the base URL's host.
    Harvesters key their copies by identifier: it must not change once records are harvested."""
    configured = getattr(settings, "LANTOA_OAI_NAMESPACE", "")
    return configured or urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def record_identifier(asset_identifier: uuid.UUID | str, *, namespace: str) -> str:
    return f"oai:{namespace}:asset/{asset_identifier}"


def record_identifier_parse(value: str, *, namespace: str) -> uuid.UUID:
    """The asset's uuid named by an OAI identifier, or idDoesNotExist."""
    prefix = f"oai:{namespace}:asset/"
    if value.startswith(prefix):
        try:
            return uuid.UUID(value[len(prefix) :])
        except ValueError:
            pass
    raise OaiError(
        "idDoesNotExist",
        _("No record has the identifier “%(identifier)s”.") % {"identifier": value},
    )


def _site_path(name: str, fallback: str, identifier: uuid.UUID) -> str:
    # The catalogue's URLs sit under the language prefixes: the default language has none.
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name, kwargs={"identifier": str(identifier)})
    except NoReverseMatch:
        return fallback.format(identifier=identifier)


def asset_catalogue_path(identifier: uuid.UUID) -> str:
    """The asset's page in the public catalogue."""
    return _site_path("library_asset", CATALOGUE_PATH, identifier)


def asset_download_path(identifier: uuid.UUID) -> str:
    """The public download of the asset's file."""
    return _site_path("library_asset_download", DOWNLOAD_PATH, identifier)


def datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(DATESTAMP_FORMAT)


@dataclass(frozen=True)
class CollectionSet:
    spec: str
    name: str
    path: str


class CollectionSets:
    """Every Wagtail collection below the root as an OAI set, built from one query."""

    def __init__(self, rows: Iterable[tuple[int, str, int, str]]):
        self.by_spec: dict[str, CollectionSet] = {}
        self._spec_by_path: dict[str, str] = {}
        self._path_by_id: dict[int, str] = {}
        self._specs_by_id: dict[int, list[str]] = {}
        steplen = Collection.steplen
        slugs_taken: dict[str, set[str]] = {}
        # Parents before children; among siblings the older collection keeps the plain slug,
        # so adding a collection never renames an existing set.
        for pk, path, depth, name in sorted(rows, key=lambda row: (row[2], row[0])):
            self._path_by_id[pk] = path
            if depth <= 1:
                continue
            parent = path[:-steplen]
            slug = "-".join(re.sub(r"[^a-z0-9]+", "-", word) for word in fold_words(name))
            slug = slug.strip("-") or f"collection-{pk}"
            siblings = slugs_taken.setdefault(parent, set())
            if slug in siblings:
                slug = f"{slug}-{pk}"
            siblings.add(slug)
            parent_spec = self._spec_by_path.get(parent)
            spec = f"{parent_spec}:{slug}" if parent_spec else slug
            self._spec_by_path[path] = spec
            self.by_spec[spec] = CollectionSet(spec=spec, name=name, path=path)

    @classmethod
    def load(cls) -> "CollectionSets":
        return cls(Collection.objects.values_list("pk", "path", "depth", "name"))

    def collections_in(self, chosen: CollectionSet) -> list[int]:
        """The ids of the set's collection and all its descendants."""
        return [pk for pk, path in self._path_by_id.items() if path.startswith(chosen.path)]

    def specs_for(self, collection_id: int) -> list[str]:
        """The set of the collection and of each of its ancestors, outermost first."""
        if collection_id not in self._specs_by_id:
            path = self._path_by_id.get(collection_id, "")
            steplen = Collection.steplen
            prefixes = (path[:end] for end in range(steplen, len(path) + 1, steplen))
            self._specs_by_id[collection_id] = [
                self._spec_by_path[prefix] for prefix in prefixes if prefix in self._spec_by_path
            ]
        return self._specs_by_id[collection_id]


class Repository:
    """What the answers to one request read, each at most once."""

    def __init__(self):
        self.base_url = oai_base_url()
        self.site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.namespace = oai_namespace()
        self.page_size = max(int(getattr(settings, "LANTOA_OAI_PAGE_SIZE", DEFAULT_PAGE_SIZE)), 1)

    @cached_property
    def sets(self) -> CollectionSets:
        return CollectionSets.load()

    @cached_property
    def _url_templates(self) -> tuple[str, str]:
        # Reversing once per answer instead of twice per record: a page is 200 fewer reverses.
        sample = str(_SAMPLE_UUID)
        return (
            self.site_url + asset_catalogue_path(_SAMPLE_UUID).replace(sample, "{}"),
            self.site_url + asset_download_path(_SAMPLE_UUID).replace(sample, "{}"),
        )

    def asset_url(self, identifier: uuid.UUID) -> str:
        """The absolute URL of the asset's catalogue page."""
        return self._url_templates[0].format(identifier)

    def download_url(self, identifier: uuid.UUID) -> str:
        """The absolute URL of the asset's public download."""
        return self._url_templates[1].format(identifier)

    @cached_property
    def organisation(self) -> Organisation | None:
        return home_organisation()

    @property
    def publisher(self) -> str:
        return self.organisation.name if self.organisation else settings.WAGTAIL_SITE_NAME


# --- records -----------------------------------------------------------------------------------


def _ever_released() -> Q:
    return Q(status=AssetStatus.RELEASED) | Q(released_at__isnull=False)


def asset_deletion_record(*, asset: Asset) -> AssetDeletion | None:
    """Remember a deleted asset that was ever public, so harvesters learn of the deletion."""
    if asset.status != AssetStatus.RELEASED and asset.released_at is None:
        return None
    deletion, _created = AssetDeletion.objects.update_or_create(
        identifier=asset.identifier,
        defaults={
            "deleted_at": timezone.now(),
            "set_specs": CollectionSets.load().specs_for(asset.collection_id),
        },
    )
    return deletion


class RecordKey(NamedTuple):
    """A record's place in every list: by datestamp, then source, then id."""

    changed_at: datetime
    source: int
    pk: int

    def dump(self) -> list[int]:
        return [(self.changed_at - _EPOCH) // timedelta(microseconds=1), self.source, self.pk]

    @classmethod
    def load(cls, value: list) -> "RecordKey":
        microseconds, source, pk = (int(item) for item in value)
        return cls(_EPOCH + timedelta(microseconds=microseconds), source, pk)


@dataclass(frozen=True)
class Selection:
    """A ListIdentifiers / ListRecords request: what a resumption token carries."""

    verb: str
    metadata_prefix: str
    set_spec: str | None = None
    from_: str | None = None
    until: str | None = None

    @cached_property
    def window(self) -> tuple[datetime | None, datetime | None]:
        """(from, before): records with from ≤ datestamp < before. A datestamp is shown to the
        second, so `until` covers its whole second, or its whole day at day granularity."""
        start = end = None
        start_is_day = end_is_day = None
        if self.from_:
            start, start_is_day = _parse_utc(self.from_, "from")
        if self.until:
            end, end_is_day = _parse_utc(self.until, "until")
        if start is not None and end is not None:
            if start_is_day != end_is_day:
                raise OaiError(
                    "badArgument", _("The from and until arguments must have the same granularity.")
                )
            if start > end:
                raise OaiError("badArgument", _("The from argument is later than until."))
        before = None
        if end is not None:
            before = end + (timedelta(days=1) if end_is_day else timedelta(seconds=1))
        return start, before

    def dump(self) -> list:
        return [self.metadata_prefix, self.set_spec, self.from_, self.until]

    @classmethod
    def load(cls, verb: str, value: list) -> "Selection":
        metadata_prefix, set_spec, from_, until = value
        return cls(
            verb=verb, metadata_prefix=metadata_prefix, set_spec=set_spec, from_=from_, until=until
        )


def _parse_utc(value: str, name: str) -> tuple[datetime, bool]:
    """(the moment in UTC, whether it was given as a day)."""
    try:
        if _DAY.fullmatch(value):
            return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC), True
        if _SECOND.fullmatch(value):
            return datetime.strptime(value, DATESTAMP_FORMAT).replace(tzinfo=UTC), False
    except ValueError:
        pass
    raise OaiError(
        "badArgument",
        _("The %(name)s argument “%(value)s” is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")
        % {"name": name, "value": value},
    )


def _after(key: RecordKey, *, source: int, column: str) -> Q:
    """Records of `source` that come after `key`, written so the datestamp index serves it."""
    if source > key.source:
        return Q(**{f"{column}__gte": key.changed_at})
    if source < key.source:
        return Q(**{f"{column}__gt": key.changed_at})
    return Q(**{f"{column}__gte": key.changed_at}) & (
        Q(**{f"{column}__gt": key.changed_at}) | Q(pk__gt=key.pk)
    )


def _assets_selected(
    queryset: QuerySet, selection: Selection, repository: Repository
) -> QuerySet | None:
    start, before = selection.window
    if start is not None:
        queryset = queryset.filter(updated_at__gte=start)
    if before is not None:
        queryset = queryset.filter(updated_at__lt=before)
    if selection.set_spec:
        chosen = repository.sets.by_spec.get(selection.set_spec)
        if chosen is None:
            return None
        queryset = queryset.filter(collection_id__in=repository.sets.collections_in(chosen))
    return queryset


def _deletions_selected(selection: Selection) -> QuerySet:
    queryset = AssetDeletion.objects.all()
    start, before = selection.window
    if start is not None:
        queryset = queryset.filter(deleted_at__gte=start)
    if before is not None:
        queryset = queryset.filter(deleted_at__lt=before)
    if selection.set_spec:
        # set_specs is a JSON list of strings: its text holds the quoted spec exactly when the
        # list has it (specs are lower-case ASCII, so the lookup's case folding is harmless).
        queryset = queryset.filter(set_specs__icontains=json.dumps(selection.set_spec))
    return queryset


def _asset_sources() -> list[QuerySet]:
    """The records among assets, one queryset per status: each is a range of the
    (status, updated_at) index, walked in datestamp order. Released assets come first: they
    are nearly all the records."""
    return [
        Asset.objects.filter(status=AssetStatus.RELEASED),
        *(
            Asset.objects.filter(status=status, released_at__isnull=False)
            for status in AssetStatus.values
            if status != AssetStatus.RELEASED
        ),
    ]


def _record_keys(
    selection: Selection, repository: Repository, *, after: RecordKey | None, limit: int
) -> list[RecordKey]:
    """The first `limit` records after `after`, in list order.

    One keyset query per asset status and one on the deletions' datestamp index, each stopping
    after `limit` rows, merged. Once `limit` keys are found, later queries stop at the last
    one's datestamp: nothing after it can be on the page.
    """
    keys: list[RecordKey] = []

    def bounded(queryset: QuerySet, *, source: int, column: str) -> QuerySet:
        if after is not None:
            queryset = queryset.filter(_after(after, source=source, column=column))
        if len(keys) >= limit:
            queryset = queryset.filter(**{f"{column}__lte": sorted(keys)[limit - 1].changed_at})
        return queryset.order_by(column, "pk").values_list(column, "pk")[:limit]

    for source in _asset_sources():
        queryset = _assets_selected(source, selection, repository)
        if queryset is None:
            break
        rows = bounded(queryset, source=SOURCE_ASSET, column="updated_at")
        keys += [RecordKey(changed_at, SOURCE_ASSET, pk) for changed_at, pk in rows]
    rows = bounded(_deletions_selected(selection), source=SOURCE_DELETION, column="deleted_at")
    keys += [RecordKey(changed_at, SOURCE_DELETION, pk) for changed_at, pk in rows]
    return sorted(keys)[:limit]


def _record_count(selection: Selection, repository: Repository) -> int:
    assets = _assets_selected(Asset.objects.filter(_ever_released()), selection, repository)
    return (assets.count() if assets is not None else 0) + _deletions_selected(selection).count()


@dataclass
class LoadedAssets:
    """The assets of one answer, with the topics and other language versions their records
    show, read in a fixed number of queries (Django's prefetch_related costs more here than the
    queries it saves: it builds a tag queryset per asset)."""

    by_pk: dict[int, Asset]
    topics: dict[int, list[str]] = field(default_factory=dict)
    versions: dict[int, list[tuple[int, uuid.UUID]]] = field(default_factory=dict)

    def other_versions(self, asset: Asset) -> list[uuid.UUID]:
        """The released versions of the asset's work in other languages."""
        return [
            identifier for pk, identifier in self.versions.get(asset.work_id, []) if pk != asset.pk
        ]


def _assets_load(assets: QuerySet, *, with_metadata: bool) -> LoadedAssets:
    if not with_metadata:
        found = assets.only("identifier", "status", "updated_at", "collection_id")
        return LoadedAssets(by_pk={asset.pk: asset for asset in found})
    loaded = LoadedAssets(by_pk={asset.pk: asset for asset in assets.select_related("source_unit")})
    released = [asset for asset in loaded.by_pk.values() if asset.status == AssetStatus.RELEASED]
    if released:
        topics = AssetTopic.objects.filter(content_object_id__in=[asset.pk for asset in released])
        for asset_id, name in topics.values_list("content_object_id", "tag__name"):
            loaded.topics.setdefault(asset_id, []).append(name)
    work_ids = {asset.work_id for asset in released if asset.work_id is not None}
    if work_ids:
        # Filtered by status here, not in SQL: SQLite would then walk the status index.
        versions = Asset.objects.filter(work_id__in=work_ids).order_by("pk")
        for work_id, pk, identifier, status in versions.values_list(
            "work_id", "pk", "identifier", "status"
        ):
            if status == AssetStatus.RELEASED:
                loaded.versions.setdefault(work_id, []).append((pk, identifier))
    return loaded


# --- the XML -----------------------------------------------------------------------------------
#
# ElementTree writes every namespace declaration on the root element and cannot make a
# namespace the default one; OAI-PMH documents declare the OAI namespace as the default and
# oai_dc's on its own element, as harvesters and validators expect. So the declarations are
# written as the xmlns attributes they are, and names carry their prefixes; ElementTree still
# does all the escaping. The tests parse every answer namespace-aware.


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _add(parent: ET.Element, tag: str, text: Any = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: _text(v) for name, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _header(
    parent: ET.Element,
    *,
    identifier: str,
    changed_at: datetime,
    set_specs: Iterable[str],
    deleted: bool,
) -> None:
    header = _add(parent, "header", status="deleted") if deleted else _add(parent, "header")
    _add(header, "identifier", identifier)
    _add(header, "datestamp", datestamp(changed_at))
    for spec in set_specs:
        _add(header, "setSpec", spec)


def _asset_header(parent: ET.Element, asset: Asset, repository: Repository) -> None:
    _header(
        parent,
        identifier=record_identifier(asset.identifier, namespace=repository.namespace),
        changed_at=asset.updated_at,
        set_specs=repository.sets.specs_for(asset.collection_id),
        deleted=asset.status != AssetStatus.RELEASED,
    )


def _deletion_header(parent: ET.Element, deletion: AssetDeletion, repository: Repository) -> None:
    _header(
        parent,
        identifier=record_identifier(deletion.identifier, namespace=repository.namespace),
        changed_at=deletion.deleted_at,
        set_specs=deletion.set_specs,
        deleted=True,
    )


def _dublin_core(
    parent: ET.Element, asset: Asset, loaded: LoadedAssets, repository: Repository
) -> None:
    metadata = _add(parent, "metadata")
    dc = _add(
        metadata,
        "oai_dc:dc",
        **{
            "xmlns:oai_dc": OAI_DC_NS,
            "xmlns:dc": DC_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{OAI_DC_NS} {OAI_DC_SCHEMA}",
        },
    )
    _add(dc, "dc:title", asset.title)
    if asset.creator:
        _add(dc, "dc:creator", asset.creator)
    for topic in sorted(loaded.topics.get(asset.pk, [])):
        _add(dc, "dc:subject", topic)
    if asset.description:
        _add(dc, "dc:description", asset.description)
    _add(dc, "dc:publisher", repository.publisher)
    _add(dc, "dc:contributor", asset.source_unit.name)
    _add(dc, "dc:date", asset.created_on.isoformat())
    _add(dc, "dc:type", asset.dcmi_type)
    if asset.mime_type:
        _add(dc, "dc:format", asset.mime_type)
    _add(dc, "dc:identifier", repository.asset_url(asset.identifier))
    _add(dc, "dc:identifier", repository.download_url(asset.identifier))
    _add(dc, "dc:language", asset.language)
    for version in loaded.other_versions(asset):
        _add(dc, "dc:relation", repository.asset_url(version))
    terms = licence_terms(asset.licence)
    if terms.url:
        _add(dc, "dc:rights", terms.url)
    else:
        _add(dc, "dc:rights", Licence(asset.licence).label)
    if asset.attribution:
        _add(dc, "dc:rights", asset.attribution)


def _asset_record(
    parent: ET.Element, asset: Asset, loaded: LoadedAssets, repository: Repository
) -> None:
    record = _add(parent, "record")
    _asset_header(record, asset, repository)
    if asset.status == AssetStatus.RELEASED:
        _dublin_core(record, asset, loaded, repository)


def _deletion_record(parent: ET.Element, deletion: AssetDeletion, repository: Repository) -> None:
    _deletion_header(_add(parent, "record"), deletion, repository)


def _document(request_attributes: dict[str, str] | None, repository: Repository) -> ET.Element:
    root = ET.Element(
        "OAI-PMH",
        {"xmlns": OAI_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"},
    )
    _add(root, "responseDate", datestamp(timezone.now()))
    _add(root, "request", repository.base_url, **(request_attributes or {}))
    return root


def _serialise(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- the verbs ---------------------------------------------------------------------------------


def _identify(root: ET.Element, request: OaiRequest, repository: Repository) -> None:
    identify = _add(root, "Identify")
    organisation = repository.organisation
    name = (
        _("Digital communication resources of %(organisation)s")
        % {"organisation": organisation.name}
        if organisation
        else settings.WAGTAIL_SITE_NAME
    )
    _add(identify, "repositoryName", name)
    _add(identify, "baseURL", repository.base_url)
    _add(identify, "protocolVersion", PROTOCOL_VERSION)
    admin_email = (organisation.email if organisation else "") or settings.DEFAULT_FROM_EMAIL
    _add(identify, "adminEmail", admin_email)
    _add(identify, "earliestDatestamp", datestamp(earliest_datestamp()))
    _add(identify, "deletedRecord", "persistent")
    _add(identify, "granularity", GRANULARITY)
    if _REPOSITORY_IDENTIFIER.fullmatch(repository.namespace):
        description = _add(identify, "description")
        oai_identifier = _add(
            description,
            "oai-identifier",
            **{
                "xmlns": OAI_IDENTIFIER_NS,
                "xmlns:xsi": XSI_NS,
                "xsi:schemaLocation": f"{OAI_IDENTIFIER_NS} {OAI_IDENTIFIER_SCHEMA}",
            },
        )
        _add(oai_identifier, "scheme", "oai")
        _add(oai_identifier, "repositoryIdentifier", repository.namespace)
        _add(oai_identifier, "delimiter", ":")
        _add(
            oai_identifier,
            "sampleIdentifier",
            record_identifier(_SAMPLE_UUID, namespace=repository.namespace),
        )


def earliest_datestamp() -> datetime:
    """The earliest datestamp of any record (now, when there is none yet)."""
    candidates = [
        source.order_by("updated_at").values_list("updated_at", flat=True).first()
        for source in _asset_sources()
    ]
    candidates.append(AssetDeletion.objects.aggregate(first=Min("deleted_at"))["first"])
    return min((moment for moment in candidates if moment is not None), default=timezone.now())


def _check_metadata_prefix(prefix: str) -> None:
    if prefix != METADATA_PREFIX:
        raise OaiError(
            "cannotDisseminateFormat",
            _("The metadata format “%(prefix)s” is not supported; use oai_dc.")
            % {"prefix": prefix},
        )


def _find_record(
    identifier: str, repository: Repository, *, with_metadata: bool
) -> LoadedAssets | AssetDeletion:
    """The asset (loaded for its record) or the deletion the identifier names, or
    idDoesNotExist."""
    asset_identifier = record_identifier_parse(identifier, namespace=repository.namespace)
    assets = Asset.objects.filter(_ever_released(), identifier=asset_identifier)
    loaded = _assets_load(assets, with_metadata=with_metadata)
    if loaded.by_pk:
        return loaded
    deletion = AssetDeletion.objects.filter(identifier=asset_identifier).first()
    if deletion is not None:
        return deletion
    raise OaiError(
        "idDoesNotExist",
        _("No record has the identifier “%(identifier)s”.") % {"identifier": identifier},
    )


def _list_metadata_formats(root: ET.Element, request: OaiRequest, repository: Repository) -> None:
    if "identifier" in request.arguments:
        # Every record, deleted ones too, is available as oai_dc: noMetadataFormats never applies.
        _find_record(request.arguments["identifier"], repository, with_metadata=False)
    formats = _add(root, "ListMetadataFormats")
    metadata_format = _add(formats, "metadataFormat")
    _add(metadata_format, "metadataPrefix", METADATA_PREFIX)
    _add(metadata_format, "schema", OAI_DC_SCHEMA)
    _add(metadata_format, "metadataNamespace", OAI_DC_NS)


def _list_sets(root: ET.Element, request: OaiRequest, repository: Repository) -> None:
    if "resumptionToken" in request.arguments:
        raise OaiError(
            "badResumptionToken", _("Sets are listed in one response; there is no token to resume.")
        )
    specs: set[str] = set()
    collection_ids = (
        Asset.objects.filter(_ever_released())
        .order_by()
        .values_list("collection_id", flat=True)
        .distinct()
    )
    for collection_id in collection_ids:
        specs.update(repository.sets.specs_for(collection_id))
    for deleted_specs in AssetDeletion.objects.values_list("set_specs", flat=True):
        specs.update(spec for spec in deleted_specs if spec in repository.sets.by_spec)
    if not specs:
        raise OaiError("noSetHierarchy", _("The repository holds no records in any set yet."))
    list_sets = _add(root, "ListSets")
    for spec in sorted(specs):
        item = _add(list_sets, "set")
        _add(item, "setSpec", spec)
        _add(item, "setName", repository.sets.by_spec[spec].name)


def _get_record(root: ET.Element, request: OaiRequest, repository: Repository) -> None:
    _check_metadata_prefix(request.arguments["metadataPrefix"])
    found = _find_record(request.arguments["identifier"], repository, with_metadata=True)
    get_record = _add(root, "GetRecord")
    if isinstance(found, LoadedAssets):
        (asset,) = found.by_pk.values()
        _asset_record(get_record, asset, found, repository)
    else:
        _deletion_record(get_record, found, repository)


# Tokens are kept short (a plain JSON list, the datestamp in microseconds, the verb in the salt
# rather than the payload): the page cache middleware looks every GET up under a key holding
# the whole URL, and a key past 250 characters makes Django's cache warn on each page.


def _token_salt(verb: str) -> str:
    return f"{TOKEN_SALT}:{verb}"


def _token_issue(selection: Selection, *, cursor: int, size: int, last: RecordKey) -> str:
    payload = [*selection.dump(), cursor, size, *last.dump()]
    return signing.dumps(payload, salt=_token_salt(selection.verb), compress=True)


def _token_read(token: str, verb: str) -> tuple[Selection, int, int, RecordKey]:
    """(the selection, cursor, complete list size, last record delivered) of a token. A token
    of another verb fails its signature (the verb is in the salt)."""
    try:
        payload = signing.loads(token, salt=_token_salt(verb), max_age=TOKEN_LIFETIME)
    except signing.SignatureExpired:
        raise OaiError(
            "badResumptionToken", _("The resumption token has expired; start the list again.")
        ) from None
    except signing.BadSignature:
        raise OaiError("badResumptionToken", _("The resumption token is not valid.")) from None
    selection = Selection.load(verb, payload[:4])
    cursor, size = int(payload[4]), int(payload[5])
    return selection, cursor, size, RecordKey.load(payload[6:])


def _list_records(root: ET.Element, request: OaiRequest, repository: Repository) -> None:
    """ListIdentifiers and ListRecords: one page of the list, and the token for the next."""
    if "resumptionToken" in request.arguments:
        selection, cursor, size, after = _token_read(
            request.arguments["resumptionToken"], request.verb
        )
    else:
        selection = Selection(
            verb=request.verb,
            metadata_prefix=request.arguments["metadataPrefix"],
            set_spec=request.arguments.get("set"),
            from_=request.arguments.get("from"),
            until=request.arguments.get("until"),
        )
        selection.window  # noqa: B018 — badArgument for bad dates before anything is read
        _check_metadata_prefix(selection.metadata_prefix)
        cursor, size, after = 0, None, None

    keys = _record_keys(selection, repository, after=after, limit=repository.page_size + 1)
    has_more = len(keys) > repository.page_size
    keys = keys[: repository.page_size]
    if not keys:
        raise OaiError("noRecordsMatch", _("No records match the request."))
    if size is None:
        # Counted once, on the first page, and carried in the token: an estimate, as the
        # protocol allows, that does not cost a count on every page.
        size = _record_count(selection, repository) if has_more else len(keys)

    with_metadata = request.verb == "ListRecords"
    asset_pks = [key.pk for key in keys if key.source == SOURCE_ASSET]
    deletion_pks = [key.pk for key in keys if key.source == SOURCE_DELETION]
    loaded = (
        _assets_load(Asset.objects.filter(pk__in=asset_pks), with_metadata=with_metadata)
        if asset_pks
        else LoadedAssets(by_pk={})
    )
    deletions = AssetDeletion.objects.in_bulk(deletion_pks) if deletion_pks else {}

    listing = _add(root, request.verb)
    for key in keys:
        if key.source == SOURCE_ASSET:
            asset = loaded.by_pk[key.pk]
            if with_metadata:
                _asset_record(listing, asset, loaded, repository)
            else:
                _asset_header(listing, asset, repository)
        elif with_metadata:
            _deletion_record(listing, deletions[key.pk], repository)
        else:
            _deletion_header(listing, deletions[key.pk], repository)

    if has_more:
        token = _token_issue(selection, cursor=cursor + len(keys), size=size, last=keys[-1])
        expires = datestamp(timezone.now() + TOKEN_LIFETIME)
        _add(
            listing,
            "resumptionToken",
            token,
            completeListSize=str(size),
            cursor=str(cursor),
            expirationDate=expires,
        )
    elif cursor:
        # The last page of a list given in several: an empty token says the list is complete.
        _add(listing, "resumptionToken", completeListSize=str(size), cursor=str(cursor))


_VERB_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list_records,
    "ListRecords": _list_records,
}


# --- the entry points --------------------------------------------------------------------------


def oai_error_document(error: OaiError, request: OaiRequest | None = None) -> bytes:
    """The answer for an error. The request is echoed without attributes for badVerb and
    badArgument, as the protocol requires."""
    repository = Repository()
    attributes = None
    if request is not None and error.code not in ("badVerb", "badArgument"):
        attributes = {"verb": request.verb, **request.arguments}
    root = _document(attributes, repository)
    _add(root, "error", error.message, code=error.code)
    return _serialise(root)


def oai_respond(arguments: Mapping[str, Sequence[str]]) -> bytes:
    """The OAI-PMH answer, as UTF-8 XML, to a request with these arguments."""
    request = None
    try:
        request = oai_request_parse(arguments)
        repository = Repository()
        root = _document({"verb": request.verb, **request.arguments}, repository)
        _VERB_HANDLERS[request.verb](root, request, repository)
    except OaiError as error:
        return oai_error_document(error, request)
    return _serialise(root)

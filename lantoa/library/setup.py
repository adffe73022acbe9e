"""The repository's collections and vocabularies, from data/agencies/<agency>/library.yaml.

Under Wagtail's root collection, one collection holds the repository ("Kho tài nguyên"); under
it, one collection per active unit of the agency, named by the unit, and one per topic of the
YAML file. Audience groups and the suggested topics (tags) come from the same file. Another
agency edits only the YAML. `library_setup` is safe to run again: what exists is kept.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from taggit.models import Tag
from wagtail.models import Collection

from lantoa.core.text import nfc
from lantoa.directory.models import Organisation, Unit
from lantoa.library.models import Audience

CONFIG_FILE = "library.yaml"
DEFAULT_COLLECTION_NAME = "Kho tài nguyên"


def default_agency_folder() -> Path:
    return Path(settings.BASE_DIR) / "data" / "agencies" / "quang-ngai"


@dataclass(frozen=True)
class LibraryConfig:
    collection: str = DEFAULT_COLLECTION_NAME
    topics: tuple[str, ...] = ()
    audiences: tuple[tuple[str, str], ...] = ()


@dataclass
class LibrarySetupResult:
    root: Collection
    collections_created: list[str] = field(default_factory=list)
    audiences_created: list[str] = field(default_factory=list)


class LibraryDataError(ValueError):
    pass


def library_config_read(folder: Path) -> LibraryConfig:
    path = Path(folder) / CONFIG_FILE
    if not path.exists():
        return LibraryConfig()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    audiences = []
    for item in data.get("audiences") or []:
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            raise LibraryDataError(f"{path}: each audience needs a code and a name: {item!r}")
        audiences.append((str(item["code"]), nfc(str(item["name"])).strip()))
    return LibraryConfig(
        collection=nfc(str(data.get("collection") or DEFAULT_COLLECTION_NAME)).strip(),
        topics=tuple(nfc(str(topic)).strip() for topic in data.get("topics") or []),
        audiences=tuple(audiences),
    )


@functools.cache
def library_config() -> LibraryConfig:
    """The installation's configuration (the default agency folder's YAML), read once."""
    return library_config_read(default_agency_folder())


def _child(parent: Collection, name: str, created: list[str]) -> Collection:
    existing = parent.get_children().filter(name=name).first()
    if existing is not None:
        return existing
    created.append(name)
    return parent.add_child(name=name)


@transaction.atomic
def library_setup(*, organisation: Organisation, folder: Path | None = None) -> LibrarySetupResult:
    """Create the repository's collections (root, units, topics), audiences and topic tags."""
    config = library_config_read(folder or default_agency_folder())
    # Wagtail's migrations make the root collection; a flushed test database may lack it.
    wagtail_root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    created: list[str] = []
    root = _child(wagtail_root, config.collection, created)
    units = (
        Unit.objects.active().filter(organisation=organisation).order_by("sort_order", "name_key")
    )
    for unit in units:
        _child(root, unit.name, created)
    for topic in config.topics:
        _child(root, topic, created)
        Tag.objects.get_or_create(name=topic)

    audiences_created = []
    for order, (code, name) in enumerate(config.audiences, start=1):
        _audience, was_created = Audience.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
        if was_created:
            audiences_created.append(name)
    library_config.cache_clear()
    return LibrarySetupResult(
        root=root, collections_created=created, audiences_created=audiences_created
    )

"""Assets for tests, built straight from Wagtail's own file models (no upload pipeline).

    collection = make_collection("Kho tài nguyên", "TTCĐS")     # created under Wagtail's root
    asset = make_asset(unit=unit_a, collection=collection, kind=AssetKind.IMAGE,
                       topics=["Chuyển đổi số"], changed_at=datetime(2025, 3, 1, tzinfo=UTC))

Files are tiny: an 8×8 PNG for images, a few bytes for documents, video and audio.
"""

from datetime import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtailmedia.models import Media

from lantoa.directory.models import Unit
from lantoa.library.models import Asset, AssetKind, AssetStatus, Work

MIME_TYPES = {
    AssetKind.IMAGE: "image/png",
    AssetKind.INFOGRAPHIC: "image/png",
    AssetKind.VIDEO: "video/mp4",
    AssetKind.AUDIO: "audio/mpeg",
    AssetKind.DOCUMENT: "application/pdf",
    AssetKind.PUBLICATION: "application/pdf",
}


def root_collection() -> Collection:
    """Wagtail's root collection (made again if a transactional test's flush removed it)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def make_collection(*names: str, parent: Collection | None = None) -> Collection:
    """The collection at the end of the path `names` below `parent` (default: the root),
    created where missing: make_collection("Kho tài nguyên", "TTCĐS")."""
    collection = parent or root_collection()
    for name in names:
        existing = collection.get_children().filter(name=name).first()
        collection = existing or collection.add_child(name=name)
    return collection


def make_file(*, kind: str, title: str, collection: Collection):
    """The Wagtail image, document or media object an asset of `kind` points to."""
    if kind in (AssetKind.IMAGE, AssetKind.INFOGRAPHIC):
        return "image", get_image_model().objects.create(
            title=title, file=get_test_image_file(size=(8, 8)), collection=collection
        )
    if kind in (AssetKind.VIDEO, AssetKind.AUDIO):
        extension = "mp4" if kind == AssetKind.VIDEO else "mp3"
        media = Media(title=title, type=kind, collection=collection, duration=12.0)
        media.file.save(f"test.{extension}", ContentFile(b"\x00" * 32), save=False)
        media.save()
        return "media", media
    document = get_document_model()(title=title, collection=collection)
    document.file.save("test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return "document", document


def make_work(title: str = "Sổ tay chuyển đổi số") -> Work:
    return Work.objects.create(title=title)


def make_asset(
    *,
    unit: Unit,
    collection: Collection | None = None,
    kind: str = AssetKind.DOCUMENT,
    title: str = "Sổ tay chuyển đổi số cho người dân",
    status: str = AssetStatus.RELEASED,
    topics: list[str] | tuple[str, ...] = (),
    changed_at: datetime | None = None,
    **fields,
) -> Asset:
    """An asset with its file. Released assets get released_at; `changed_at` sets updated_at
    (which every save otherwise sets to now) after everything else is saved."""
    collection = collection or make_collection("Kho tài nguyên")
    file_field, file_object = make_file(kind=kind, title=title, collection=collection)
    if status == AssetStatus.RELEASED:
        fields.setdefault("released_at", timezone.now())
    fields.setdefault("mime_type", MIME_TYPES[AssetKind(kind)])
    asset = Asset.objects.create(
        kind=kind,
        title=title,
        status=status,
        source_unit=unit,
        collection=collection,
        **{file_field: file_object},
        **fields,
    )
    if topics:
        asset.topics.add(*topics)
    if changed_at is not None:
        asset_set_changed_at(asset, changed_at)
    return asset


def asset_set_changed_at(asset: Asset, changed_at: datetime) -> Asset:
    """Set the asset's updated_at (its OAI datestamp) without another save moving it to now."""
    Asset.objects.filter(pk=asset.pk).update(updated_at=changed_at)
    asset.updated_at = changed_at
    return asset

"""The digital communication resource repository: assets, their works, consent and deletions.

An asset is one file (a Wagtail image, a Wagtail document, or a wagtailmedia video/audio file)
with the catalogue record that makes it findable and reusable: Dublin Core-shaped metadata, the
licence, the unit it comes from, the plan tasks it serves. The file objects stay Wagtail's own,
so editors place assets in articles with the usual choosers and Wagtail tracks where each is
used. Only released assets are public.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.search import index

from lantoa.core.models import TimeStampedModel
from lantoa.core.storage import private_storage
from lantoa.core.text import fold_for_search
from lantoa.library.licences import Licence


class AssetKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    INFOGRAPHIC = "infographic", _("Infographic")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    DOCUMENT = "document", _("Document")
    PUBLICATION = "publication", _("Publication or handbook")


# DCMI Type Vocabulary terms, for dc:type.
DCMI_TYPES = {
    AssetKind.IMAGE: "StillImage",
    AssetKind.INFOGRAPHIC: "StillImage",
    AssetKind.VIDEO: "MovingImage",
    AssetKind.AUDIO: "Sound",
    AssetKind.DOCUMENT: "Text",
    AssetKind.PUBLICATION: "Text",
}


class AssetStatus(models.TextChoices):
    DRAFT = "draft", _("Not released")
    RELEASED = "released", _("Released")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def content_language_choices() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class Audience(models.Model):
    """A group the material is meant for: citizens, enterprises, scientists, officials…"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Work(TimeStampedModel):
    """A publication or handbook whose language versions are assets of their own."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AssetTopic(TaggedItemBase):
    content_object = models.ForeignKey(
        "library.Asset", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class Asset(index.Indexed, TimeStampedModel):
    identifier = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=AssetKind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=content_language_choices, default="vi"
    )
    creator = models.CharField(
        _("creator"), max_length=255, blank=True, help_text=_("Author, photographer or studio.")
    )
    source_unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        related_name="assets",
        verbose_name=_("source unit"),
    )
    created_on = models.DateField(_("date"), default=timezone.localdate)
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_4
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=255,
        blank=True,
        help_text=_("How a reuser must credit the work, e.g. “Ảnh: Sở KH&CN Quảng Ngãi”."),
    )
    topics = TaggableManager(through=AssetTopic, blank=True, verbose_name=_("topics"))
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="assets", verbose_name=_("audiences")
    )
    plan_tasks = models.ManyToManyField(
        "plans.PlanNode",
        blank=True,
        related_name="assets",
        limit_choices_to={"kind": "task", "is_withdrawn": False},
        verbose_name=_("plan tasks served"),
    )
    work = models.ForeignKey(
        Work,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("work"),
        help_text=_("For a publication in several languages: the work this version belongs to."),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collection"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.DRAFT
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    # The file: exactly one of these.
    image = models.OneToOneField(
        get_image_model_string(),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="asset",
        verbose_name=_("image"),
    )
    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="asset",
        verbose_name=_("document"),
    )
    media = models.OneToOneField(
        "wagtailmedia.Media",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="asset",
        verbose_name=_("video or audio"),
    )

    # What the system reads from the file.
    mime_type = models.CharField(_("media type"), max_length=100, blank=True)
    file_size = models.BigIntegerField(_("file size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    perceptual_hash = models.CharField(_("perceptual hash"), max_length=16, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    # Made by the upload pipeline: a video's poster frame, a PDF's first page (see renditions).
    preview_image = models.ForeignKey(
        get_image_model_string(),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("preview image"),
    )

    depicts_people = models.BooleanField(
        _("identifiable people appear"),
        default=False,
        help_text=_("Their consent must be recorded before the asset is released."),
    )
    view_count = models.PositiveIntegerField(_("views"), default=0)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    @property
    def duration_display(self) -> str:
        """A video's or recording's length as players show it: "4:05", "1:02:03"."""
        if not self.duration_seconds:
            return ""
        seconds = round(self.duration_seconds)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("folded_title", boost=3),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_title"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("language"),
        index.FilterField("licence"),
        index.FilterField("source_unit"),
        index.FilterField("collection"),
        index.FilterField("created_on"),
    ]

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["-created_on", "-pk"]
        permissions = [("release_asset", _("Can release assets to the public"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(image__isnull=False, document__isnull=True, media__isnull=True)
                    | Q(image__isnull=True, document__isnull=False, media__isnull=True)
                    | Q(image__isnull=True, document__isnull=True, media__isnull=False)
                ),
                name="library_asset_one_file",
            ),
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(sha256=""), name="library_asset_sha256_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            # The public catalogue's order (newest first among released assets): without it
            # every catalogue page sorts all released rows (0.7 s at 100,000 assets).
            models.Index(fields=["status", "created_on"], name="library_asset_catalogue_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_released(self) -> bool:
        return self.status == AssetStatus.RELEASED

    @property
    def dcmi_type(self) -> str:
        return DCMI_TYPES[AssetKind(self.kind)]

    @property
    def file_object(self):
        return self.image or self.document or self.media

    def folded_title(self) -> str:
        return fold_for_search(self.title)

    def folded_text(self) -> str:
        topics = " ".join(tag.name for tag in self.topics.all()) if self.pk else ""
        return fold_for_search(
            f"{self.description}\n{self.creator}\n{topics}\n{self.extracted_text}"
        )


class Consent(TimeStampedModel):
    """Consent of an identifiable person to appear in a photo or video."""

    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="consents", verbose_name=_("asset")
    )
    person_name = models.CharField(_("person"), max_length=255)
    scope = models.TextField(
        _("scope"), help_text=_("What the person agreed to: channels, purposes, duration.")
    )
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.FileField(
        _("signed form"),
        storage=private_storage,
        upload_to="library/consent/%Y/%m/",
        blank=True,
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person_name"]

    def __str__(self) -> str:
        return self.person_name

    def is_valid_on(self, day) -> bool:
        return self.given_on <= day and (self.expires_on is None or day <= self.expires_on)


class AssetDeletion(models.Model):
    """What is left of a released asset that was deleted: enough for OAI-PMH harvesters to
    learn of the deletion (deletedRecord "persistent")."""

    identifier = models.UUIDField(_("identifier"), unique=True)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)
    set_specs = models.JSONField(_("sets"), default=list)

    class Meta:
        verbose_name = _("deleted asset")
        verbose_name_plural = _("deleted assets")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return str(self.identifier)


def upload_dir() -> Path:
    """Where resumable uploads in progress are kept (settings.LIBRARY_UPLOAD_DIR)."""
    return Path(settings.LIBRARY_UPLOAD_DIR)


class UploadSession(TimeStampedModel):
    """A large file being uploaded in pieces through the admin, resumable after a network
    error (see lantoa/library/uploads.py). The bytes received so far are kept in a temporary
    file until the upload is finished (the file becomes an asset), cancelled, or left idle."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    declared_size = models.PositiveBigIntegerField(_("size"))
    received_bytes = models.PositiveBigIntegerField(_("bytes received"), default=0)

    class Meta:
        verbose_name = _("upload in progress")
        verbose_name_plural = _("uploads in progress")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_bytes__lte=models.F("declared_size")),
                name="library_uploadsession_received_within_size",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def temp_path(self) -> Path:
        return upload_dir() / f"{self.pk}.part"

    @property
    def is_complete(self) -> bool:
        return self.received_bytes == self.declared_size

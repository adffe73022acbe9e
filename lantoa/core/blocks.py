"""The project's one small StreamField vocabulary; apps add only domain blocks.

Every block renders with its own template in core/templates/core/blocks/ and carries what a
screen reader needs (alt text, a text alternative for infographics, a transcript for video).
"""

import re

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from lantoa.core.richtext import SanitisedRichTextBlock, url_is_safe

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(SanitisedRichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "core/blocks/paragraph.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    credit = blocks.CharBlock(label=_("Credit"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("Images"), min_num=2)

    class Meta:
        icon = "image"
        label = _("Image gallery")
        template = "core/blocks/gallery.html"


class InfographicBlock(blocks.StructBlock):
    image = ImageBlock()
    title = blocks.CharBlock(label=_("Title"))
    text_alternative = blocks.TextBlock(
        label=_("Text alternative"),
        help_text=_("The information in the graphic, written out for screen readers."),
    )
    document = DocumentChooserBlock(label=_("Printable version"), required=False)

    class Meta:
        icon = "image"
        label = _("Infographic")
        template = "core/blocks/infographic.html"


YOUTUBE = re.compile(r"(?:youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)([\w-]{6,})")


class VideoBlock(blocks.StructBlock):
    """A video from a hosting platform, embedded without fetching anything at render time."""

    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Title"))
    transcript = blocks.TextBlock(label=_("Transcript or summary"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "core/blocks/video.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        url = value.get("url") or ""
        match = YOUTUBE.search(url)
        context["embed_url"] = (
            f"https://www.youtube-nocookie.com/embed/{match.group(1)}" if match else ""
        )
        # A stored address that did not come through the form may be `javascript:`.
        context["link_url"] = url if url_is_safe(url) else ""
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "core/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "core/blocks/document_link.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    body = SanitisedRichTextBlock(features=["bold", "italic", "ol", "ul", "link"], label=_("Text"))

    class Meta:
        icon = "info-circle"
        label = _("Fact box")
        template = "core/blocks/fact_box.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    infographic = InfographicBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    fact_box = FactBoxBlock()


def stream_plain_text(stream) -> str:
    """The readable text of a BodyBlock stream, for search indexing and summaries."""
    from django.utils.html import strip_tags

    parts = []
    for child in stream or []:
        value = child.value
        if child.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif child.block_type in ("image",):
            parts.append(value.get("caption") or "")
        elif child.block_type == "gallery":
            parts.append(value.get("title") or "")
            parts += [image.get("caption") or "" for image in value.get("images") or []]
        elif child.block_type == "infographic":
            parts += [value.get("title") or "", value.get("text_alternative") or ""]
        elif child.block_type == "video":
            parts += [value.get("title") or "", value.get("transcript") or ""]
        elif child.block_type == "quote":
            parts += [value.get("quote") or "", value.get("attribution") or ""]
        elif child.block_type == "document":
            parts.append(value.get("title") or "")
        elif child.block_type == "fact_box":
            parts += [value.get("title") or "", strip_tags(value.get("body").source)]
    return "\n".join(part for part in parts if part)

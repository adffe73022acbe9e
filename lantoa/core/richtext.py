"""Rich text as stored and shown: only the markup the editor can make, nothing that runs.

Wagtail's editor (Draftail) writes clean HTML, but rich text also arrives by other roads: the
API, imports, translations, a StreamField JSON pasted into a revision. Every rich text field
and block of the project goes through `rich_text_clean` when it is saved and when it is read,
so a `<script>`, an `onclick` or a `javascript:` link never reaches a visitor's browser.
"""

from urllib.parse import urlsplit

import nh3
from wagtail import blocks
from wagtail.fields import RichTextField

# Wagtail's stored format: links to pages and documents are <a linktype="page" id="3">.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def rich_text_clean(html: str) -> str:
    """The HTML with only the allowed tags, attributes and link schemes left."""
    if not html:
        return html or ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def url_is_safe(url: str) -> bool:
    """True for web, mail and phone links; False for `javascript:`, `data:` and the like."""
    scheme = urlsplit((url or "").strip()).scheme.lower()
    return scheme in SAFE_URL_SCHEMES


class SanitisedRichTextBlock(blocks.RichTextBlock):
    def to_python(self, value):
        return super().to_python(rich_text_clean(value))

    def get_prep_value(self, value):
        return rich_text_clean(super().get_prep_value(value))


class SanitisedRichTextField(RichTextField):
    def from_db_value(self, value, expression, connection):
        return rich_text_clean(value)

    def get_prep_value(self, value):
        return rich_text_clean(super().get_prep_value(value))

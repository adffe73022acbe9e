"""Text that arrives in a form is stored in Unicode NFC, whatever screen it came through.

Text pasted from Word or an OCR often carries decomposed Vietnamese ("a" + U+0301 instead of
"á"): it looks the same but compares, searches and sorts differently. The project's own models
normalise on save (TimeStampedModel), but Wagtail's pages, images and documents and the other
libraries' forms do not, so form submissions and query strings are normalised here, once, for
every view.
"""

from django.http import QueryDict

from lantoa.core.text import nfc

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _normalised(data: QueryDict) -> QueryDict | None:
    """A copy of `data` in NFC, or None when it already is."""
    changed = False
    copy = data.copy()
    for key, values in data.lists():
        normalised = [nfc(value) if isinstance(value, str) else value for value in values]
        if normalised != values:
            copy.setlist(key, normalised)
            changed = True
    if not changed:
        return None
    copy._mutable = False
    return copy


class NFCInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            normalised = _normalised(request.GET)
            if normalised is not None:
                request.GET = normalised
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
            normalised = _normalised(request.POST)
            if normalised is not None:
                request.POST = normalised
        return self.get_response(request)

"""Vietnamese text helpers shared by every app."""

import unicodedata


def nfc(value: str) -> str:
    """Text in Unicode NFC: Word and OCR often paste decomposed Vietnamese (a + U+0301)."""
    return unicodedata.normalize("NFC", value)

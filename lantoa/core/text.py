"""Vietnamese text helpers shared by every app."""

import unicodedata


def nfc(value: str) -> str:
    """Text in Unicode NFC: Word and OCR often paste decomposed Vietnamese (a + U+0301)."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Text as people match it: lower case, no diacritics, đ → d, single spaces.

    "Đổi mới  sáng tạo" and "doi moi sang tao" fold to the same string. Use it on both sides of
    every comparison or search index (U+0111 đ has no Unicode decomposition, so it is mapped by
    hand before the marks are stripped).
    """
    value = nfc(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())

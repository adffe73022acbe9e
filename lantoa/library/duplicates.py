"""Near-duplicate images, found by a perceptual hash.

The hash is a difference hash (dHash) made with Pillow alone: the picture, turned upright and
grey, is shrunk to 9 × 8 pixels and each bit says whether a pixel is brighter than its right
neighbour, 64 bits written as 16 hexadecimal digits. Re-saving, resizing, small crops or colour
changes move only a few bits; different pictures differ in about half. The `imagehash` library
does the same but would bring NumPy, SciPy and PyWavelets for these twenty lines.

Two images are near-duplicates when their hashes differ in at most `max_distance` bits
(Hamming distance). Hashes are compared in Python: a 16-character string per image is read
from the database, a few milliseconds per ten thousand images.
"""

from dataclasses import dataclass

from PIL import Image, ImageOps

from lantoa.library.models import Asset

HASH_SIZE = 8
NEAR_DUPLICATE_DISTANCE = 8


def image_dhash(image: Image.Image) -> str:
    """The 64-bit difference hash of an opened Pillow image, as 16 hex digits."""
    image.draft("L", (HASH_SIZE * 32, HASH_SIZE * 32))  # JPEG: decode at a fraction of size
    image = ImageOps.exif_transpose(image)
    small = image.convert("L").resize((HASH_SIZE + 1, HASH_SIZE), Image.Resampling.LANCZOS)
    pixels = small.tobytes()
    value = 0
    for row in range(HASH_SIZE):
        for column in range(HASH_SIZE):
            left = pixels[row * (HASH_SIZE + 1) + column]
            right = pixels[row * (HASH_SIZE + 1) + column + 1]
            value = (value << 1) | (left > right)
    return f"{value:016x}"


def hash_distance(first: str, second: str) -> int:
    """How many of the 64 bits differ."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


@dataclass(frozen=True)
class NearDuplicate:
    asset: Asset
    distance: int


def near_duplicates(
    asset: Asset, *, max_distance: int = NEAR_DUPLICATE_DISTANCE, user=None
) -> list[NearDuplicate]:
    """Other image assets whose picture is close to this one's, closest first. With `user`,
    only those the user may see in the admin (their unit's, or every unit's)."""
    if not asset.perceptual_hash:
        return []
    candidates = Asset.objects.exclude(pk=asset.pk).exclude(perceptual_hash="")
    if user is not None:
        from lantoa.library.selectors import assets_for_user

        candidates = candidates.filter(pk__in=assets_for_user(user=user).values("pk"))
    close = []
    for pk, other_hash in candidates.values_list("pk", "perceptual_hash").iterator():
        distance = hash_distance(asset.perceptual_hash, other_hash)
        if distance <= max_distance:
            close.append((distance, pk))
    close.sort()
    found = Asset.objects.in_bulk([pk for _, pk in close])
    return [NearDuplicate(asset=found[pk], distance=distance) for distance, pk in close]

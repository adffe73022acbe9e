"""Pictures for the demo articles, drawn with Pillow so the demo needs no network or stock
photos: featured images (1200×675) with a Vietnamese headline, infographics (1080×1350) with
figures, and flat illustrations of events (1200×800) for photo stories.

Text needs a font with Vietnamese glyphs: Debian's Noto Sans (fonts-noto-core), else DejaVu
Sans (fonts-dejavu-core); without either, Pillow's own font keeps it from failing.
"""

import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from lantoa.core.text import nfc

FONT_FILES = {
    "regular": (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    "bold": (
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
}
AGENCY_LINE = "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI"
WHITE = (255, 255, 255)
INK = (28, 37, 54)
MUTED = (88, 99, 118)


@dataclass(frozen=True)
class Palette:
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    accent: tuple[int, int, int]

    @property
    def dark(self) -> tuple[int, int, int]:
        return tuple(int(channel * 0.8) for channel in self.start)


PALETTES = {
    "blue": Palette((13, 59, 122), (0, 137, 160), (255, 202, 40)),
    "red": Palette((166, 25, 46), (224, 93, 40), (255, 214, 0)),
    "green": Palette((18, 94, 64), (67, 160, 71), (255, 213, 79)),
    "purple": Palette((69, 39, 160), (173, 20, 87), (255, 193, 7)),
    "teal": Palette((0, 77, 100), (0, 150, 136), (255, 224, 130)),
    "navy": Palette((20, 33, 84), (40, 90, 190), (255, 171, 64)),
    "orange": Palette((191, 54, 12), (245, 124, 0), (255, 241, 118)),
    "indigo": Palette((26, 35, 126), (94, 53, 177), (128, 222, 234)),
}


@lru_cache(maxsize=64)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES[weight]:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def image_bytes(image: Image.Image, *, format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    if format == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=86, optimize=True)
    else:
        image.save(buffer, format=format, optimize=True)
    return buffer.getvalue()


# --- drawing helpers -------------------------------------------------------------------------


def _gradient(size: tuple[int, int], start, end) -> Image.Image:
    """A diagonal gradient from the top left (start) to the bottom right (end)."""
    vertical = Image.linear_gradient("L").resize(size)
    horizontal = Image.linear_gradient("L").rotate(90).transpose(Image.FLIP_LEFT_RIGHT)
    mask = ImageChops.add(vertical, horizontal.resize(size), scale=2.0)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or draw.textlength(candidate, font=face) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(draw, text: str, weight: str, width: int, sizes, max_lines: int):
    """The largest size at which `text` fits in `max_lines` lines of `width` pixels."""
    for size in sizes:
        face = font(weight, size)
        lines = _wrap(draw, text, face, width)
        if len(lines) <= max_lines:
            return face, lines, size
    return face, lines[:max_lines], size


def _text_block(
    canvas: Image.Image,
    xy: tuple[int, int],
    lines: list[str],
    face,
    size: int,
    fill,
    *,
    spacing: float = 1.22,
    shadow: bool = False,
) -> int:
    """Draw lines from the top left; returns the y below the block."""
    x, y = xy
    step = int(size * spacing)
    if shadow:
        layer = Image.new("L", canvas.size, 0)
        shadow_draw = ImageDraw.Draw(layer)
        for index, line in enumerate(lines):
            shadow_draw.text((x + 2, y + 3 + index * step), line, font=face, fill=150)
        layer = layer.filter(ImageFilter.GaussianBlur(5))
        canvas.paste(Image.new("RGB", canvas.size, (0, 0, 0)), (0, 0), layer)
    draw = ImageDraw.Draw(canvas, "RGBA")
    for index, line in enumerate(lines):
        draw.text((x, y + index * step), line, font=face, fill=fill)
    return y + len(lines) * step


def _pill(draw, xy, text: str, *, size: int, fill, text_fill) -> tuple[int, int, int, int]:
    face = font("bold", size)
    x, y = xy
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    box = (x, y, x + (right - left) + 2 * size, y + int(size * 2.0))
    draw.rounded_rectangle(box, radius=box[3] - box[1], fill=fill)
    draw.text((x + size, (box[1] + box[3]) / 2), text, font=face, fill=text_fill, anchor="lm")
    return box


def _network(draw, box, rng: random.Random, colour=WHITE) -> None:
    """Dots joined to their near neighbours: a quiet "technology" motif."""
    left, top, right, bottom = box
    points = [(rng.uniform(left, right), rng.uniform(top, bottom)) for _ in range(26)]
    for index, (x1, y1) in enumerate(points):
        for x2, y2 in points[index + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < 150:
                draw.line((x1, y1, x2, y2), fill=(*colour, 46), width=2)
    for x, y in points:
        radius = rng.choice((3, 4, 5, 7))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*colour, 130))


# --- icons: white pictograms drawn in a square of side `s` -----------------------------------


def _icon(name: str, s: int, colour=WHITE) -> Image.Image:
    layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    c = s / 2
    width = max(int(s * 0.045), 3)
    fill = (*colour, 255)
    if name == "atom":
        for angle in (0, 60, 120):
            orbit = Image.new("RGBA", (s, s), (0, 0, 0, 0))
            ImageDraw.Draw(orbit).ellipse(
                (s * 0.08, s * 0.34, s * 0.92, s * 0.66), outline=fill, width=width
            )
            layer.alpha_composite(orbit.rotate(angle, resample=Image.BICUBIC))
        draw.ellipse((c - s * 0.08, c - s * 0.08, c + s * 0.08, c + s * 0.08), fill=fill)
    elif name == "bulb":
        draw.ellipse((s * 0.27, s * 0.12, s * 0.73, s * 0.58), outline=fill, width=width)
        draw.polygon(
            [(s * 0.36, s * 0.52), (s * 0.64, s * 0.52), (s * 0.6, s * 0.68), (s * 0.4, s * 0.68)],
            fill=fill,
        )
        for row in (0.72, 0.79):
            draw.rounded_rectangle((s * 0.4, s * row, s * 0.6, s * (row + 0.04)), 4, fill=fill)
        for angle in range(-150, -20, 32):
            rad = math.radians(angle)
            draw.line(
                (
                    c + math.cos(rad) * s * 0.33,
                    s * 0.35 + math.sin(rad) * s * 0.33,
                    c + math.cos(rad) * s * 0.44,
                    s * 0.35 + math.sin(rad) * s * 0.44,
                ),
                fill=fill,
                width=width,
            )
    elif name == "chip":
        draw.rounded_rectangle(
            (s * 0.25, s * 0.25, s * 0.75, s * 0.75), 14, outline=fill, width=width
        )
        draw.rounded_rectangle((s * 0.38, s * 0.38, s * 0.62, s * 0.62), 6, fill=fill)
        for step in (0.33, 0.44, 0.56, 0.67):
            for a, b in (((step, 0.1), (step, 0.25)), ((step, 0.75), (step, 0.9))):
                draw.line((s * a[0], s * a[1], s * b[0], s * b[1]), fill=fill, width=width)
                draw.line((s * a[1], s * a[0], s * b[1], s * b[0]), fill=fill, width=width)
    elif name == "phone":
        draw.rounded_rectangle((s * 0.3, s * 0.1, s * 0.7, s * 0.9), 22, outline=fill, width=width)
        draw.rounded_rectangle((s * 0.44, s * 0.15, s * 0.56, s * 0.18), 3, fill=fill)
        for row, length in ((0.3, 0.26), (0.4, 0.2), (0.5, 0.24)):
            draw.rounded_rectangle(
                (s * 0.37, s * row, s * (0.37 + length), s * (row + 0.04)), 4, fill=fill
            )
        draw.ellipse((s * 0.45, s * 0.74, s * 0.55, s * 0.84), outline=fill, width=width)
    elif name == "people":
        for dx, scale in ((-0.24, 0.8), (0.24, 0.8), (0, 1.0)):
            x = c + dx * s
            head = s * 0.09 * scale
            top = s * (0.3 if scale == 1.0 else 0.36)
            draw.ellipse((x - head, top, x + head, top + 2 * head), fill=fill)
            draw.pieslice(
                (
                    x - s * 0.17 * scale,
                    top + 2.3 * head,
                    x + s * 0.17 * scale,
                    top + 2.3 * head + s * 0.36 * scale,
                ),
                180,
                360,
                fill=fill,
            )
    elif name == "book":
        draw.polygon(
            [(c, s * 0.3), (s * 0.12, s * 0.22), (s * 0.12, s * 0.74), (c, s * 0.82)],
            outline=fill,
            width=width,
        )
        draw.polygon(
            [(c, s * 0.3), (s * 0.88, s * 0.22), (s * 0.88, s * 0.74), (c, s * 0.82)],
            outline=fill,
            width=width,
        )
        for row in (0.38, 0.48, 0.58):
            draw.line(
                (s * 0.2, s * (row - 0.03), s * 0.43, s * (row + 0.02)), fill=fill, width=width
            )
            draw.line(
                (s * 0.57, s * (row + 0.02), s * 0.8, s * (row - 0.03)), fill=fill, width=width
            )
    elif name == "calendar":
        draw.rounded_rectangle(
            (s * 0.16, s * 0.2, s * 0.84, s * 0.84), 18, outline=fill, width=width
        )
        draw.rectangle((s * 0.16 + width, s * 0.2 + width, s * 0.84 - width, s * 0.36), fill=fill)
        for x in (0.32, 0.68):
            draw.rounded_rectangle(
                (s * (x - 0.03), s * 0.12, s * (x + 0.03), s * 0.28), 4, fill=fill
            )
        for row in (0.48, 0.6, 0.72):
            for col in (0.3, 0.43, 0.57, 0.7):
                draw.ellipse((s * col - 6, s * row - 6, s * col + 6, s * row + 6), fill=fill)
    elif name == "chart":
        for index, height in enumerate((0.22, 0.36, 0.3, 0.5)):
            x = s * (0.18 + index * 0.17)
            draw.rounded_rectangle((x, s * (0.82 - height), x + s * 0.11, s * 0.82), 6, fill=fill)
        draw.line((s * 0.14, s * 0.86, s * 0.88, s * 0.86), fill=fill, width=width)
        draw.line(
            [(s * 0.2, s * 0.5), (s * 0.38, s * 0.38), (s * 0.55, s * 0.44), (s * 0.8, s * 0.18)],
            fill=fill,
            width=width,
            joint="curve",
        )
    elif name == "chat":
        draw.rounded_rectangle(
            (s * 0.08, s * 0.14, s * 0.66, s * 0.54), 26, outline=fill, width=width
        )
        draw.polygon([(s * 0.2, s * 0.53), (s * 0.2, s * 0.68), (s * 0.36, s * 0.53)], fill=fill)
        for dot in (0.23, 0.37, 0.51):
            draw.ellipse((s * dot - 9, s * 0.34 - 9, s * dot + 9, s * 0.34 + 9), fill=fill)
        draw.rounded_rectangle((s * 0.4, s * 0.46, s * 0.92, s * 0.8), 24, fill=fill)
        draw.polygon([(s * 0.78, s * 0.79), (s * 0.8, s * 0.92), (s * 0.66, s * 0.79)], fill=fill)
        for row, length in ((0.57, 0.36), (0.67, 0.26)):
            draw.rounded_rectangle(
                (s * 0.48, s * row, s * (0.48 + length), s * (row + 0.04)), 4, fill=(0, 0, 0, 0)
            )
    elif name == "star":
        points = []
        for index in range(10):
            radius = s * (0.4 if index % 2 == 0 else 0.17)
            angle = math.radians(-90 + index * 36)
            points.append((c + math.cos(angle) * radius, c + math.sin(angle) * radius))
        draw.polygon(points, fill=fill)
    return layer


# --- featured images -------------------------------------------------------------------------


def featured_image(
    *, headline: str, kicker: str, subline: str, palette: str, icon: str, seed: int
) -> Image.Image:
    """1200×675: a gradient, a technology motif, a pictogram and a Vietnamese headline."""
    colours = PALETTES[palette]
    width, height = 1200, 675
    rng = random.Random(seed)  # noqa: S311 - a repeatable layout, not a secret
    canvas = _gradient((width, height), colours.start, colours.end)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _network(draw, (640, 20, 1190, 560), rng)
    cx, cy = 935, 300
    draw.ellipse((cx - 300, cy - 300, cx + 300, cy + 300), fill=(255, 255, 255, 16))
    draw.ellipse((cx - 215, cy - 215, cx + 215, cy + 215), fill=(255, 255, 255, 34))
    draw.ellipse((cx - 215, cy - 215, cx + 215, cy + 215), outline=(255, 255, 255, 90), width=3)
    draw.ellipse((-160, 470, 260, 890), fill=(255, 255, 255, 14))
    canvas = canvas.convert("RGBA")
    canvas.alpha_composite(overlay)
    glyph = _icon(icon, 250)
    canvas.alpha_composite(glyph, (cx - 125, cy - 125))
    canvas = canvas.convert("RGB")

    draw = ImageDraw.Draw(canvas, "RGBA")
    _pill(
        draw,
        (72, 62),
        nfc(kicker).upper(),
        size=22,
        fill=(255, 255, 255, 235),
        text_fill=colours.dark,
    )
    face, lines, size = _fit(draw, nfc(headline), "bold", 610, (62, 58, 54, 50, 46, 42), 4)
    bottom = _text_block(canvas, (72, 140), lines, face, size, WHITE, spacing=1.2, shadow=True)
    sub_face, sub_lines, sub_size = _fit(draw, nfc(subline), "regular", 600, (28, 26, 24), 2)
    _text_block(canvas, (72, bottom + 18), sub_lines, sub_face, sub_size, (255, 255, 255, 225))
    draw = ImageDraw.Draw(canvas, "RGBA")
    draw.rectangle((72, 588, 152, 594), fill=colours.accent)
    draw.text((72, 606), AGENCY_LINE, font=font("bold", 19), fill=(255, 255, 255, 235))
    draw.text(
        (1128, 606),
        "Truyền thông Nghị quyết 57",
        font=font("regular", 19),
        fill=(255, 255, 255, 200),
        anchor="ra",
    )
    return canvas


# --- infographics ----------------------------------------------------------------------------


def infographic_image(
    *,
    title: str,
    subtitle: str,
    figures: list[tuple[str, str]],
    source: str,
    palette: str,
    seed: int,
) -> Image.Image:
    """1080×1350: a coloured header with the title, then one card per figure."""
    colours = PALETTES[palette]
    width, height = 1080, 1350
    header = 400
    rng = random.Random(seed)  # noqa: S311 - a repeatable layout, not a secret
    canvas = Image.new("RGB", (width, height), (243, 246, 251))
    canvas.paste(_gradient((width, header), colours.start, colours.end), (0, 0))
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _network(draw, (640, 10, 1070, header - 20), rng)
    draw.ellipse((820, -140, 1220, 260), fill=(255, 255, 255, 26))
    canvas = canvas.convert("RGBA")
    canvas.alpha_composite(overlay)
    canvas = canvas.convert("RGB")

    draw = ImageDraw.Draw(canvas, "RGBA")
    _pill(draw, (64, 56), "INFOGRAPHIC", size=22, fill=(255, 255, 255, 235), text_fill=colours.dark)
    face, lines, size = _fit(draw, nfc(title), "bold", 940, (56, 52, 48, 44, 40), 3)
    bottom = _text_block(canvas, (64, 128), lines, face, size, WHITE, spacing=1.18, shadow=True)
    sub_face, sub_lines, sub_size = _fit(draw, nfc(subtitle), "regular", 940, (28, 26, 24), 2)
    _text_block(canvas, (64, bottom + 14), sub_lines, sub_face, sub_size, (255, 255, 255, 230))

    margin, gap, top, foot = 64, 28, header + 40, 1240
    columns = 2
    rows = math.ceil(len(figures) / columns)
    card_w = (width - 2 * margin - gap) // columns
    card_h = (foot - top - (rows - 1) * gap) // rows
    shadow = Image.new("L", canvas.size, 0)
    shadow_draw = ImageDraw.Draw(shadow)
    boxes = []
    for index in range(len(figures)):
        row, column = divmod(index, columns)
        x = margin + column * (card_w + gap)
        y = top + row * (card_h + gap)
        boxes.append((x, y, x + card_w, y + card_h))
        shadow_draw.rounded_rectangle((x + 2, y + 8, x + card_w + 2, y + card_h + 8), 26, fill=70)
    shadow = shadow.filter(ImageFilter.GaussianBlur(10))
    canvas.paste(Image.new("RGB", canvas.size, (120, 130, 150)), (0, 0), shadow)
    draw = ImageDraw.Draw(canvas, "RGBA")
    for (value, label), box in zip(figures, boxes, strict=True):
        x, y, right, bottom = box
        draw.rounded_rectangle(box, 26, fill=WHITE)
        draw.rounded_rectangle((x, y + 30, x + 10, bottom - 30), 5, fill=colours.end)
        value_face, value_lines, value_size = _fit(
            draw, nfc(value), "bold", card_w - 70, (72 if rows < 3 else 64, 58, 50, 44), 1
        )
        draw.text((x + 40, y + 30), value_lines[0], font=value_face, fill=colours.start)
        label_top = y + 40 + int(value_size * 1.2)
        room = bottom - label_top - 18
        for label_size in (28, 26, 24, 22, 20):
            label_face = font("regular", label_size)
            label_lines = _wrap(draw, nfc(label), label_face, card_w - 70)
            if len(label_lines) * int(label_size * 1.22) <= room:
                break
        _text_block(canvas, (x + 40, label_top), label_lines, label_face, label_size, INK)
        draw = ImageDraw.Draw(canvas, "RGBA")
    draw.line((margin, 1272, width - margin, 1272), fill=(200, 207, 220), width=2)
    draw.text((margin, 1290), nfc(source), font=font("regular", 22), fill=MUTED)
    draw.text(
        (width - margin, 1290),
        "SKHCN Quảng Ngãi",
        font=font("bold", 22),
        fill=colours.start,
        anchor="ra",
    )
    return canvas


# --- illustrations of events (for photo stories) ---------------------------------------------

SKIN = ((241, 194, 125), (224, 172, 105), (198, 134, 66), (233, 185, 140))
HAIR = ((35, 28, 25), (58, 42, 33), (20, 20, 24), (90, 70, 60))
SHIRTS = (
    (25, 118, 210),
    (239, 83, 80),
    (255, 255, 255),
    (67, 160, 71),
    (255, 179, 0),
    (126, 87, 194),
    (38, 166, 154),
    (236, 64, 122),
)


def _person(
    draw,
    x: float,
    ground: float,
    scale: float,
    rng: random.Random,
    *,
    facing_away: bool,
    standing: bool = False,
) -> None:
    """A simple figure seen from the front or the back, its seat (or feet) at `ground`."""
    skin, hair, shirt = rng.choice(SKIN), rng.choice(HAIR), rng.choice(SHIRTS)
    head = 22 * scale
    body_w, body_h = 40 * scale, 70 * scale
    if standing:
        legs = 62 * scale
        trousers = rng.choice(((55, 71, 79), (38, 50, 56), (93, 64, 55), (30, 60, 110)))
        for side in (-1, 1):
            draw.rounded_rectangle(
                (
                    x + side * 4 * scale - (14 * scale if side < 0 else 0),
                    ground - legs - 6,
                    x + side * 4 * scale + (14 * scale if side > 0 else 0),
                    ground,
                ),
                radius=int(5 * scale),
                fill=trousers,
            )
        ground -= legs
    top = ground - body_h - 2 * head
    draw.rounded_rectangle(
        (x - body_w, ground - body_h, x + body_w, ground + 8 * scale),
        radius=int(24 * scale),
        fill=shirt,
        outline=tuple(int(c * 0.85) for c in shirt),
        width=max(int(2 * scale), 1),
    )
    neck = (x - 8 * scale, ground - body_h - 6 * scale, x + 8 * scale, ground - body_h + 4 * scale)
    draw.rectangle(neck, fill=skin)
    draw.ellipse((x - head, top, x + head, top + 2 * head), fill=hair if facing_away else skin)
    if not facing_away:
        draw.chord((x - head, top - 2, x + head, top + 1.3 * head), 180, 360, fill=hair)


def scene_image(*, kind: str, banner: str, caption: str, palette: str, seed: int) -> Image.Image:
    """1200×800 flat illustration: a class ("class"), a festival stage ("stage"), a meeting
    hall ("conference") or a fair ("fair")."""
    colours = PALETTES[palette]
    rng = random.Random(seed)  # noqa: S311 - a repeatable layout, not a secret
    width, height = 1200, 800
    if kind == "fair":
        canvas = _gradient((width, height), (129, 212, 250), (225, 245, 254))
        draw = ImageDraw.Draw(canvas, "RGBA")
        draw.ellipse((1040, 30, 1130, 120), fill=(255, 236, 179))
        draw.rectangle((0, 520, width, height), fill=(189, 189, 189))
        draw.rectangle((0, 520, width, 530), fill=(158, 158, 158))
        signs = [part.strip() for part in nfc(banner).split("|")]
        for index, sign in enumerate(signs[:3]):
            left = 40 + index * 385
            tone = (colours.start, colours.end, colours.dark)[index % 3]
            draw.rectangle((left, 250, left + 350, 520), fill=(250, 250, 250))
            draw.polygon([(left - 15, 250), (left + 175, 150), (left + 365, 250)], fill=tone)
            draw.rectangle((left + 20, 270, left + 330, 330), fill=tone)
            face, lines, size = _fit(draw, sign, "bold", 290, (28, 24, 20), 1)
            draw.text((left + 175, 300), lines[0], font=face, fill=WHITE, anchor="mm")
            draw.rectangle((left + 30, 420, left + 320, 520), fill=(121, 85, 72))
            for item in range(4):
                ix = left + 50 + item * 70
                draw.rounded_rectangle((ix, 380, ix + 44, 420), 6, fill=rng.choice(SHIRTS))
        for index in range(9):
            x = 60 + index * 130 + rng.uniform(-20, 20)
            ground = 700 + rng.uniform(-14, 14)
            _person(draw, x, ground, 0.95, rng, facing_away=index % 3 == 0, standing=True)
    elif kind in ("stage", "conference"):
        # A festival stage with a screen, or a meeting hall with the red backdrop and the
        # presiding table of Vietnamese conferences.
        meeting = kind == "conference"
        canvas = _gradient((width, height), colours.dark, colours.start)
        draw = ImageDraw.Draw(canvas, "RGBA")
        screen = (110, 50, 1090, 340) if meeting else (140, 70, 1060, 380)
        canvas.paste(
            _gradient((screen[2] - screen[0], screen[3] - screen[1]), colours.start, colours.end),
            screen[:2],
        )
        draw = ImageDraw.Draw(canvas, "RGBA")
        if meeting:
            glyph = _icon("star", 70, colours.accent)
            canvas.paste(glyph, (565, screen[1] + 18), glyph)
            draw = ImageDraw.Draw(canvas, "RGBA")
        else:
            _network(draw, screen, rng)
        face, lines, size = _fit(draw, nfc(banner), "bold", 800, (52, 46, 40, 36), 2)
        step = int(size * 1.2)
        y = (screen[1] + screen[3] - len(lines) * step - 40) // 2 + (30 if meeting else 0)
        for line in lines:
            draw.text(
                (600, y), line, font=face, fill=colours.accent if meeting else WHITE, anchor="ma"
            )
            y += step
        draw.text(
            (600, y + 14),
            AGENCY_LINE,
            font=font("bold", 22),
            fill=WHITE if meeting else colours.accent,
            anchor="ma",
        )
        draw.rectangle((0, 440, width, 520), fill=(93, 64, 55))
        draw.rectangle((0, 430, width, 442), fill=(141, 110, 99))
        if meeting:
            for index in range(5):
                _person(draw, 330 + index * 135, 420, 0.75, rng, facing_away=False)
            draw.rectangle((250, 405, 950, 470), fill=(245, 245, 245))
            draw.rectangle((250, 405, 950, 418), fill=colours.start)
            for index in range(5):
                draw.ellipse((322 + index * 135, 392, 338 + index * 135, 408), fill=(120, 144, 156))
        else:
            _person(draw, 960, 360, 0.8, rng, facing_away=False)
            draw.polygon([(905, 350), (1015, 350), (998, 440), (922, 440)], fill=(62, 39, 35))
            draw.rectangle((930, 368, 990, 392), fill=colours.end)
        draw.rectangle((0, 520, width, height), fill=(38, 50, 56))
        for row, (ground, scale) in enumerate(((640, 0.9), (760, 1.2))):
            count = 10 if row == 0 else 7
            for index in range(count):
                x = (index + 0.5) * width / count + rng.uniform(-15, 15)
                _person(draw, x, ground, scale, rng, facing_away=True)
    else:  # class
        canvas = _gradient((width, height), (236, 239, 241), (207, 216, 220))
        draw = ImageDraw.Draw(canvas, "RGBA")
        for left in (60, 1010):
            draw.rectangle(
                (left, 90, left + 130, 300), fill=(178, 235, 242), outline=WHITE, width=8
            )
            draw.line((left + 65, 90, left + 65, 300), fill=WHITE, width=6)
        screen = (300, 60, 900, 390)
        draw.rectangle(
            (screen[0] - 10, screen[1] - 10, screen[2] + 10, screen[3] + 10), fill=(55, 71, 79)
        )
        canvas.paste(
            _gradient((screen[2] - screen[0], screen[3] - screen[1]), colours.start, colours.end),
            screen[:2],
        )
        draw = ImageDraw.Draw(canvas, "RGBA")
        glyph = _icon("phone", 150)
        canvas.paste(glyph, (screen[2] - 180, screen[1] + 90), glyph)
        face, lines, size = _fit(draw, nfc(banner), "bold", 380, (40, 36, 32, 28), 3)
        _text_block(canvas, (screen[0] + 36, screen[1] + 60), lines, face, size, WHITE)
        draw = ImageDraw.Draw(canvas, "RGBA")
        draw.rectangle((0, 470, width, height), fill=(188, 170, 164))
        for ground, scale, count in ((560, 0.85, 6), (720, 1.15, 4)):
            desk_top = ground - 34 * scale
            draw.rectangle((30, desk_top, width - 30, desk_top + 22 * scale), fill=(141, 110, 99))
            for index in range(count):
                x = (index + 0.5) * width / count
                draw.polygon(
                    [
                        (x - 60 * scale, desk_top),
                        (x + 60 * scale, desk_top),
                        (x + 50 * scale, desk_top - 56 * scale),
                        (x - 50 * scale, desk_top - 56 * scale),
                    ],
                    fill=(69, 90, 100),
                )
                draw.ellipse(
                    (x - 6, desk_top - 34 * scale, x + 6, desk_top - 22 * scale),
                    fill=(176, 190, 197),
                )
            for index in range(count):
                x = (index + 0.5) * width / count + rng.uniform(-10, 10)
                _person(draw, x, ground + 40 * scale, scale, rng, facing_away=True)
    draw = ImageDraw.Draw(canvas, "RGBA")
    _pill(draw, (24, height - 64), nfc(caption), size=18, fill=(0, 0, 0, 140), text_fill=WHITE)
    return canvas

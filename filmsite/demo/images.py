"""Artwork for the demo content, drawn locally with Pillow (no downloads, no stock images).

Every picture is a deterministic composition: a two-colour gradient, a soft motif (a glow, a
sunrise over rooftops, rings, a receding doorway or a spiral) and the title in a serif face.
The same arguments always give the same bytes, so reruns of ``load_demo`` can reuse stored
files safely.
"""

import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

BANNER_SIZE = (1200, 675)  # 16:9, the size article pages reserve for hero and section images
POSTER_SIZE = (800, 1200)  # 2:3

SERIF_FONTS = ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf", "FreeSerifBold.ttf")
SANS_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "FreeSansBold.ttf")


def banner(*, title, kicker, palette, motif):
    """A 16:9 JPEG: ``kicker`` in small capitals above ``title``, the motif on the right."""
    width, height = BANNER_SIZE
    image = _background(BANNER_SIZE, palette, motif, centre=(int(width * 0.72), int(height * 0.42)))
    draw = ImageDraw.Draw(image)
    margin = 72
    title_font, lines = _fit(title, SERIF_FONTS, max_width=int(width * 0.62), sizes=(92, 80, 68, 58, 50))
    kicker_font = _font(SANS_FONTS, 22)
    line_height = int(title_font.size * 1.12)
    y = height - margin - line_height * len(lines)
    _spaced(draw, (margin, y - 58), kicker.upper(), kicker_font, palette["accent"], spacing=4)
    draw.line((margin, y - 22, margin + 64, y - 22), fill=palette["accent"], width=3)
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=palette["ink"])
        y += line_height
    return _jpeg(image)


def poster(*, title, credit, palette, motif):
    """A 2:3 JPEG poster: the motif in the upper half, ``title`` and a ``credit`` line below."""
    width, height = POSTER_SIZE
    image = _background(POSTER_SIZE, palette, motif, centre=(width // 2, int(height * 0.36)))
    draw = ImageDraw.Draw(image)
    title_font, lines = _fit(title.upper(), SERIF_FONTS, max_width=width - 120, sizes=(120, 100, 84, 70, 58))
    line_height = int(title_font.size * 1.1)
    y = int(height * 0.70)
    for line in lines:
        line_width = draw.textlength(line, font=title_font)
        draw.text(((width - line_width) / 2, y), line, font=title_font, fill=palette["ink"])
        y += line_height
    credit_font = _font(SANS_FONTS, 24)
    text = credit.upper()
    credit_width = _spaced_length(draw, text, credit_font, spacing=5)
    draw.line((width / 2 - 40, y + 18, width / 2 + 40, y + 18), fill=palette["accent"], width=3)
    _spaced(draw, ((width - credit_width) / 2, y + 44), text, credit_font, palette["accent"], spacing=5)
    return _jpeg(image)


def _background(size, palette, motif, centre):
    width, height = size
    top = Image.new("RGB", size, palette["top"])
    bottom = Image.new("RGB", size, palette["bottom"])
    image = Image.composite(bottom, top, Image.linear_gradient("L").resize(size))
    MOTIFS[motif](image, palette, centre, min(width, height))
    # A soft vignette keeps the corners quiet and the white title legible.
    vignette = Image.radial_gradient("L").resize(size).point(lambda v: min(255, int(v * 0.45)))
    return Image.composite(Image.new("RGB", size, "#000000"), image, vignette)


def _glow(image, palette, centre, scale):
    """A hazy sun with a bright core: warm, human, a little melancholy."""
    colour = palette["accent"]
    _blend_mask(image, colour, _soft_disc(image.size, centre, int(scale * 0.42), blur=0.5), 0.75)
    _blend_mask(image, "#fff3e4", _soft_disc(image.size, centre, int(scale * 0.14), blur=0.35), 0.7)


def _rings(image, palette, centre, scale):
    """Concentric outlines around a small bright point, like a lens watching back."""
    colour = palette["accent"]
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = centre
    for i in range(1, 8):
        r = int(scale * 0.07 * i)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255 - i * 24, width=2)
    _blend_mask(image, colour, mask, 0.9)
    _blend_mask(image, colour, _soft_disc(image.size, centre, int(scale * 0.2), blur=0.6), 0.6)
    _blend_mask(image, "#ffffff", _soft_disc(image.size, centre, int(scale * 0.025), blur=0.2), 0.9)


def _portal(image, palette, centre, scale):
    """Doorways receding into one another: a passage into someone else's head."""
    colour = palette["accent"]
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = centre
    for i in range(7):
        w = scale * 0.34 * (0.78**i)
        h = w * 1.45
        draw.rectangle((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), outline=230 - i * 22, width=3)
    _blend_mask(image, colour, mask, 0.85)
    _blend_mask(image, colour, _soft_disc(image.size, centre, int(scale * 0.12), blur=0.8), 0.7)


def _spiral(image, palette, centre, scale):
    """Dots on a golden-angle spiral, like the seeds of a flower: growth by small changes."""
    colour = palette["accent"]
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = centre
    golden_angle = math.pi * (3 - math.sqrt(5))
    count = 260
    for i in range(1, count):
        r = scale * 0.4 * math.sqrt(i / count)
        x, y = cx + r * math.cos(i * golden_angle), cy + r * math.sin(i * golden_angle)
        dot = 1.5 + 4.5 * (i / count)
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=255 - int(150 * i / count))
    _blend_mask(image, colour, _soft_disc(image.size, centre, int(scale * 0.3), blur=0.7), 0.45)
    _blend_mask(image, colour, mask, 0.9)


def _dawn(image, palette, centre, scale):
    """A sun rising behind a low skyline of rooftops, kept to the right of the title."""
    width, height = image.size
    horizon = int(height * 0.78)
    sun = (centre[0], horizon)
    _blend_mask(image, palette["accent"], _soft_disc(image.size, sun, int(scale * 0.5), blur=0.5), 0.8)
    _blend_mask(image, "#fff3e4", _soft_disc(image.size, sun, int(scale * 0.16), blur=0.3), 0.75)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, horizon, width, height), fill=palette["bottom"])
    rng = random.Random(2013)  # fixed seed: the same skyline every time
    x = int(width * 0.55)
    while x < width:
        block = rng.randint(24, 80)
        draw.rectangle((x, horizon - rng.randint(8, 96), x + block, horizon), fill=palette["bottom"])
        x += block + rng.randint(2, 10)


MOTIFS = {"glow": _glow, "dawn": _dawn, "rings": _rings, "portal": _portal, "spiral": _spiral}


def _soft_disc(size, centre, radius, blur):
    """A blurred disc as a mask, drawn at quarter size so blurring stays fast."""
    small = Image.new("L", (size[0] // 4, size[1] // 4), 0)
    cx, cy, r = centre[0] / 4, centre[1] / 4, radius / 4
    ImageDraw.Draw(small).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    small = small.filter(ImageFilter.GaussianBlur(max(1, r * blur)))
    return small.resize(size, Image.Resampling.BILINEAR)


def _blend_mask(image, colour, mask, strength):
    overlay = Image.new("RGB", image.size, colour)
    mask = ImageChops.multiply(mask, Image.new("L", image.size, int(255 * strength)))
    image.paste(overlay, (0, 0), mask)


def _font(candidates, size):
    for name in candidates:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's bundled face, when no system font is installed


def _fit(text, candidates, *, max_width, sizes):
    """The largest font size at which ``text`` wraps into at most three lines of ``max_width``."""
    for size in sizes:
        font = _font(candidates, size)
        lines = _wrap(text, font, max_width)
        if len(lines) <= 3 and all(font.getlength(line) <= max_width for line in lines):
            return font, lines
    return font, lines


def _wrap(text, font, max_width):
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _spaced(draw, xy, text, font, fill, spacing):
    x, y = xy
    for char in text:
        draw.text((x, y), char, font=font, fill=fill)
        x += draw.textlength(char, font=font) + spacing


def _spaced_length(draw, text, font, spacing):
    return sum(draw.textlength(char, font=font) + spacing for char in text) - spacing


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    return buffer.getvalue()

"""The demo catalog behind `manage.py seed_demo`: a hand-written showcase,
a generator for any number of realistic products, and their photos.

Photos are drawn with Pillow (no downloads): a pool of pictures, one per
motif (Safi tagine, Fes blue plate, Azilal rug, zellige stars...), drawn
once and passed through the real upload pipeline (marketplace.images
cleans them, catalog.photos makes the 320/800/1600 WebP and JPEG
renditions) into default_storage under POOL_DIR. Every demo product gets
ProductPhoto *rows* pointing at pool files: 10,000 products cost 10,000
rows, not 70,000 files.

Showcase products go through catalog.services like an artisan's would
(create, submit, approve, handmade mark: with their audit trail).
Generated products are written in bulk, in batches of BATCH_SIZE rows per
table and one transaction per batch, with the list-ready copies
(min_price_mad, total_stock, thumbnail) services would have set. Both are
keyed by slug, so seeding again adds only what is missing.

Generated product number i is a pure function of i (its own seeded random
generator): its slug is known before anything is written, and `--products
20000` after `--products 10000` adds products 10,001 to 20,000.
"""

import io
import json
import math
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from artisans.models import ArtisanProfile, VerificationStatus
from catalog import photos as photo_pipeline
from catalog import services
from catalog.models import Category, Material, Product, ProductPhoto, ProductStatus, Variant, normalise_hs_code
from marketplace import cache_version, images

LANGUAGES = ("en", "fr", "es", "ar")
BATCH_SIZE = 1000

# --- photos: a pool drawn once --------------------------------------------

POOL_DIR = "products/demo-pool"
POOL_VERSION = 1


def photo_pixels() -> int:
    """Side of the drawn originals, in pixels (the 1600 rendition is this
    size: never upscaled). Tests may set SEED_DEMO_PHOTO_PIXELS lower."""
    return getattr(settings, "SEED_DEMO_PHOTO_PIXELS", 1000)


@dataclass(frozen=True)
class PoolPhoto:
    original: str
    width: int
    height: int
    renditions: dict

    @property
    def thumbnail(self) -> str:
        return self.renditions[photo_pipeline.THUMBNAIL_SIZE][photo_pipeline.THUMBNAIL_FORMAT]


class Canvas:
    """Drawing in units of the picture's side: (0.5, 0.5) is the centre."""

    def __init__(self, size, top, bottom, seed):
        self.size = size
        gradient = Image.linear_gradient("L").resize((size, size))
        self.image = ImageOps.colorize(gradient, top, bottom)
        self.draw = ImageDraw.Draw(self.image)
        self.random = random.Random(seed)

    def p(self, *values):
        return tuple(round(value * self.size) for value in values)

    def points(self, pairs):
        return [self.p(x, y) for x, y in pairs]

    def w(self, value):
        return max(1, round(value * self.size))

    def mask(self, paint) -> Image.Image:
        mask = Image.new("L", (self.size, self.size), 0)
        paint(ImageDraw.Draw(mask), self)
        return mask

    def layer(self, colour):
        layer = Image.new("RGB", (self.size, self.size), colour)
        return layer, ImageDraw.Draw(layer)

    def paste(self, layer, mask):
        self.image.paste(layer, (0, 0), mask)

    def shadow(self, box, strength=110):
        """A soft shadow under an object: drawn small, blurred, scaled up."""
        small = max(8, self.size // 8)
        mask = Image.new("L", (small, small), 0)
        ImageDraw.Draw(mask).ellipse([round(value * small) for value in box], fill=strength)
        mask = mask.filter(ImageFilter.GaussianBlur(small / 40))
        mask = mask.resize((self.size, self.size), Image.Resampling.BILINEAR)
        self.image.paste((35, 28, 22), (0, 0), mask)

    def glow(self, centre, radius, colour, strength=200):
        gradient = ImageOps.invert(Image.radial_gradient("L")).point(lambda v: max(0, v - 128) * strength // 127)
        side = self.w(radius * 2)
        glow = gradient.resize((side, side))
        x, y = self.p(*centre)
        self.image.paste(colour, (x - side // 2, y - side // 2), glow)

    def jitter(self, colour, amount=12):
        return tuple(max(0, min(255, channel + self.random.randint(-amount, amount))) for channel in colour)


def _profile(centre_x, top, bottom, radius, steps=40):
    """A symmetric outline (vase, tagine lid) from the half-width at each height."""
    left, right = [], []
    for step in range(steps + 1):
        t = step / steps
        y = top + (bottom - top) * t
        half = radius(t)
        left.append((centre_x - half, y))
        right.append((centre_x + half, y))
    return left + right[::-1]


def _bands(canvas, draw, top, bottom, colours, *, zigzag=None, dots=None):
    """Horizontal bands between two heights, optionally edged with zigzags or dots."""
    height = (bottom - top) / len(colours)
    for index, colour in enumerate(colours):
        y = top + index * height
        draw.rectangle([*canvas.p(0, y), *canvas.p(1, y + height)], fill=colour)
        if zigzag and index % 2:
            teeth = 24
            points = [(k / teeth, y + (height * 0.45 if k % 2 else 0)) for k in range(teeth + 1)]
            draw.line(canvas.points(points), fill=zigzag, width=canvas.w(0.006))
        if dots and index % 2 == 0:
            for k in range(30):
                cx, cy = (k + 0.5) / 30, y + height / 2
                draw.ellipse([*canvas.p(cx - 0.005, cy - 0.005), *canvas.p(cx + 0.005, cy + 0.005)], fill=dots)


def _star(cx, cy, radius, rotation=0.0):
    """An eight-pointed star (two squares turned 45°) as a polygon."""
    points = []
    for k in range(16):
        angle = rotation + k * math.pi / 8
        r = radius if k % 2 == 0 else radius * 0.72
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def draw_tagine(canvas, glaze, pattern, accent):
    canvas.shadow((0.12, 0.74, 0.88, 0.9))
    d = canvas.draw
    d.ellipse([*canvas.p(0.12, 0.66), *canvas.p(0.88, 0.86)], fill=tuple(c // 2 for c in glaze))
    d.ellipse([*canvas.p(0.12, 0.64), *canvas.p(0.88, 0.82)], fill=glaze)
    outline = _profile(0.5, 0.2, 0.74, lambda t: 0.03 + 0.31 * (t**1.25))
    mask = canvas.mask(lambda m, c: m.polygon(c.points(outline), fill=255))
    layer, ld = canvas.layer(glaze)
    _bands(canvas, ld, 0.2, 0.74, [glaze, pattern, glaze, accent, glaze, pattern], zigzag=accent, dots=pattern)
    canvas.paste(layer, mask)
    d.ellipse([*canvas.p(0.46, 0.12), *canvas.p(0.54, 0.21)], fill=pattern)
    d.line(canvas.points([(0.42, 0.3), (0.3, 0.62)]), fill=(255, 255, 255), width=canvas.w(0.012))


def draw_plate(canvas, base, ink, accent, petals=12):
    canvas.shadow((0.1, 0.12, 0.92, 0.94))
    d = canvas.draw
    d.ellipse([*canvas.p(0.08, 0.08), *canvas.p(0.92, 0.92)], fill=base, outline=ink, width=canvas.w(0.012))
    d.ellipse([*canvas.p(0.14, 0.14), *canvas.p(0.86, 0.86)], outline=ink, width=canvas.w(0.006))
    for k in range(petals):
        angle = k * 2 * math.pi / petals
        tip = (0.5 + 0.33 * math.cos(angle), 0.5 + 0.33 * math.sin(angle))
        side = 0.06
        left = (0.5 + 0.16 * math.cos(angle - side * 3), 0.5 + 0.16 * math.sin(angle - side * 3))
        right = (0.5 + 0.16 * math.cos(angle + side * 3), 0.5 + 0.16 * math.sin(angle + side * 3))
        d.polygon(canvas.points([(0.5, 0.5), left, tip, right]), fill=ink if k % 2 == 0 else accent)
    d.ellipse([*canvas.p(0.4, 0.4), *canvas.p(0.6, 0.6)], fill=base, outline=ink, width=canvas.w(0.008))
    d.polygon(canvas.points(_star(0.5, 0.5, 0.08)), fill=accent)
    for k in range(36):
        angle = k * 2 * math.pi / 36
        x, y = 0.5 + 0.39 * math.cos(angle), 0.5 + 0.39 * math.sin(angle)
        d.ellipse([*canvas.p(x - 0.01, y - 0.01), *canvas.p(x + 0.01, y + 0.01)], fill=ink)


def draw_bowls(canvas, glaze, inside, band):
    for index, (cx, cy, r) in enumerate(((0.3, 0.62, 0.2), (0.7, 0.62, 0.2), (0.5, 0.42, 0.17))):
        canvas.shadow((cx - r, cy + r * 0.55, cx + r, cy + r * 0.95), strength=80)
        d = canvas.draw
        d.chord([*canvas.p(cx - r, cy - r), *canvas.p(cx + r, cy + r)], 0, 180, fill=glaze)
        d.ellipse([*canvas.p(cx - r, cy - r * 0.3), *canvas.p(cx + r, cy + r * 0.3)], fill=inside)
        d.ellipse([*canvas.p(cx - r * 0.8, cy - r * 0.2), *canvas.p(cx + r * 0.8, cy + r * 0.25)], fill=band)
        d.arc([*canvas.p(cx - r, cy - r * 0.5), *canvas.p(cx + r, cy + r * 0.55)], 10, 170,
              fill=band if index % 2 else inside, width=canvas.w(0.014))  # fmt: skip


def draw_vase(canvas, body, drip, rim):
    canvas.shadow((0.25, 0.84, 0.75, 0.95))
    outline = _profile(0.5, 0.1, 0.9, lambda t: 0.07 + 0.2 * math.sin(math.pi * min(1.0, t * 1.1)) ** 1.5)
    mask = canvas.mask(lambda m, c: m.polygon(c.points(outline), fill=255))
    layer, ld = canvas.layer(body)
    for k in range(14):
        x = 0.2 + k * 0.045 + canvas.random.uniform(-0.01, 0.01)
        length = canvas.random.uniform(0.12, 0.35)
        ld.line(canvas.points([(x, 0.08), (x, 0.1 + length)]), fill=drip, width=canvas.w(0.03))
        ld.ellipse([*canvas.p(x - 0.017, 0.08 + length), *canvas.p(x + 0.017, 0.12 + length)], fill=drip)
    ld.rectangle([*canvas.p(0, 0.08), *canvas.p(1, 0.16)], fill=drip)
    canvas.paste(layer, mask)
    canvas.draw.ellipse([*canvas.p(0.41, 0.08), *canvas.p(0.59, 0.13)], fill=rim)
    canvas.draw.line(canvas.points([(0.37, 0.35), (0.33, 0.7)]), fill=(255, 255, 255), width=canvas.w(0.01))


def _rug_frame(canvas, field):
    box = (0.14, 0.07, 0.86, 0.93)
    canvas.shadow((0.14, 0.1, 0.9, 0.97), strength=70)
    d = canvas.draw
    for k in range(40):
        x = 0.15 + k * 0.0178
        d.line(canvas.points([(x, 0.035), (x, 0.08)]), fill=(232, 222, 200), width=canvas.w(0.004))
        d.line(canvas.points([(x, 0.92), (x, 0.965)]), fill=(232, 222, 200), width=canvas.w(0.004))
    mask = canvas.mask(lambda m, c: m.rectangle([*c.p(*box[:2]), *c.p(*box[2:])], fill=255))
    layer, ld = canvas.layer(field)
    return mask, layer, ld


def draw_rug(canvas, style, field, ink, colours):
    mask, layer, ld = _rug_frame(canvas, field)
    r = canvas.random
    if style == "lattice":  # Beni Ourain: black lozenges on undyed wool
        for k in range(-6, 14):
            x = k * 0.12
            ld.line(canvas.points([(x, 0), (x + 1, 1.1)]), fill=ink, width=canvas.w(0.012))
            ld.line(canvas.points([(x + 1, 0), (x, 1.1)]), fill=ink, width=canvas.w(0.012))
    elif style == "diamonds":  # Beni Mguild: stacked diamonds on madder red
        for row in range(5):
            for col in range(3):
                cx, cy = 0.26 + col * 0.24, 0.16 + row * 0.17
                for step, colour in enumerate(colours):
                    size = 0.1 - step * 0.025
                    ld.polygon(canvas.points([(cx, cy - size), (cx + size * 0.9, cy), (cx, cy + size),
                                              (cx - size * 0.9, cy)]), fill=colour)  # fmt: skip
    elif style == "abstract":  # Azilal: free shapes in bright wool
        for _index in range(26):
            cx, cy, size = r.uniform(0.18, 0.82), r.uniform(0.1, 0.9), r.uniform(0.025, 0.07)
            colour = r.choice(colours)
            shape = r.randrange(3)
            if shape == 0:
                ld.polygon(canvas.points([(cx, cy - size), (cx + size, cy), (cx, cy + size), (cx - size, cy)]),
                           outline=colour, width=canvas.w(0.008))  # fmt: skip
            elif shape == 1:
                points = [(cx - size * 2 + k * size / 2, cy + (size / 2 if k % 2 else -size / 2)) for k in range(9)]
                ld.line(canvas.points(points), fill=colour, width=canvas.w(0.008))
            else:
                ld.line(canvas.points([(cx - size, cy), (cx + size, cy)]), fill=colour, width=canvas.w(0.01))
                ld.line(canvas.points([(cx, cy - size), (cx, cy + size)]), fill=colour, width=canvas.w(0.01))
    elif style == "patchwork":  # Boucherouite: rag strips of every colour
        y = 0.05
        while y < 0.95:
            height, x = r.uniform(0.03, 0.09), 0.1
            while x < 0.9:
                width = r.uniform(0.05, 0.25)
                ld.rectangle([*canvas.p(x, y), *canvas.p(x + width, y + height)], fill=canvas.jitter(r.choice(colours)))
                x += width
            y += height
    else:  # kilim: flat-woven bands and triangles
        y, index = 0.07, 0
        while y < 0.93:
            height = r.choice((0.03, 0.05, 0.08))
            colour = colours[index % len(colours)]
            ld.rectangle([*canvas.p(0, y), *canvas.p(1, y + height)], fill=colour)
            if height > 0.04:
                teeth = 10
                for k in range(teeth):
                    x = 0.14 + k * 0.072
                    ld.polygon(canvas.points([(x, y + height), (x + 0.036, y), (x + 0.072, y + height)]), fill=ink)
            y += height
            index += 1
    canvas.paste(layer, mask)


def _garment(hood):
    body = [(0.42, 0.12), (0.58, 0.12), (0.66, 0.16), (0.92, 0.46), (0.84, 0.52), (0.68, 0.34), (0.72, 0.94),
            (0.28, 0.94), (0.32, 0.34), (0.16, 0.52), (0.08, 0.46), (0.34, 0.16)]  # fmt: skip
    if hood:
        body[0:2] = [(0.4, 0.14), (0.5, 0.02), (0.6, 0.14)]
    return body


def draw_garment(canvas, cloth, trim, *, hood=False, stripes=None):
    canvas.shadow((0.2, 0.9, 0.8, 0.98), strength=60)
    outline = _garment(hood)
    mask = canvas.mask(lambda m, c: m.polygon(c.points(outline), fill=255))
    layer, ld = canvas.layer(cloth)
    if stripes:
        for k in range(60):
            ld.line(canvas.points([(k / 60, 0), (k / 60, 1)]), fill=stripes, width=canvas.w(0.003))
    canvas.paste(layer, mask)
    d = canvas.draw
    d.line(canvas.points([(0.5, 0.14), (0.5, 0.94)]), fill=trim, width=canvas.w(0.014))
    for k in range(16):
        y = 0.17 + k * 0.022
        d.ellipse([*canvas.p(0.49, y), *canvas.p(0.51, y + 0.014)], fill=trim)
    d.line(canvas.points([(0.84, 0.52), (0.92, 0.46)]), fill=trim, width=canvas.w(0.02))
    d.line(canvas.points([(0.16, 0.52), (0.08, 0.46)]), fill=trim, width=canvas.w(0.02))
    d.line(canvas.points([(0.28, 0.93), (0.72, 0.93)]), fill=trim, width=canvas.w(0.014))
    if not hood:  # the caftan's belt (mdamma)
        d.rectangle([*canvas.p(0.32, 0.42), *canvas.p(0.68, 0.47)], fill=trim)
        for k in range(9):
            x = 0.34 + k * 0.04
            d.polygon(canvas.points(_star(x, 0.445, 0.012)), fill=cloth)


def _babouche(cx, top):
    """One slipper seen from above, toe up: pointed toe, round heel."""
    outline = []
    for step in range(41):
        t = step / 40
        y = top + 0.62 * t
        half = 0.1 * math.sin(math.pi * min(1.0, t * 1.25 + 0.02)) ** 0.6 if t < 0.8 else 0.1 - (t - 0.8) * 0.2
        outline.append((cx - half, y))
    return outline + [(2 * cx - x, y) for x, y in outline[::-1]]


def draw_babouches(canvas, leather, sole, embroidery=None):
    for cx in (0.34, 0.66):
        top = 0.14 if cx < 0.5 else 0.2
        canvas.shadow((cx - 0.12, top + 0.05, cx + 0.14, top + 0.7), strength=90)
        canvas.draw.polygon(canvas.points(_babouche(cx, top)), fill=leather, outline=sole, width=canvas.w(0.008))
        canvas.draw.ellipse([*canvas.p(cx - 0.065, top + 0.36), *canvas.p(cx + 0.065, top + 0.6)], fill=sole)
        if embroidery:
            for k in range(6):
                y = top + 0.08 + k * 0.045
                canvas.draw.polygon(canvas.points(_star(cx, y, 0.018)), fill=embroidery)


def draw_bag(canvas, leather, stitch):
    canvas.shadow((0.14, 0.82, 0.86, 0.94))
    d = canvas.draw
    d.arc([*canvas.p(0.3, 0.12), *canvas.p(0.7, 0.52)], 180, 360, fill=tuple(c * 3 // 4 for c in leather),
          width=canvas.w(0.03))  # fmt: skip
    body = [(0.18, 0.34), (0.82, 0.34), (0.88, 0.88), (0.12, 0.88)]
    d.polygon(canvas.points(body), fill=leather)
    d.polygon(canvas.points([(0.18, 0.34), (0.82, 0.34), (0.78, 0.58), (0.22, 0.58)]),
              fill=tuple(c * 7 // 8 for c in leather))  # fmt: skip
    for k in range(30):
        x = 0.2 + k * 0.02
        d.line(canvas.points([(x, 0.56), (x + 0.01, 0.56)]), fill=stitch, width=canvas.w(0.004))
    d.ellipse([*canvas.p(0.48, 0.55), *canvas.p(0.52, 0.6)], fill=stitch)


def draw_pouf(canvas, leather, inlay, stitch):
    canvas.shadow((0.06, 0.1, 0.96, 0.98))
    d = canvas.draw
    d.ellipse([*canvas.p(0.07, 0.07), *canvas.p(0.93, 0.93)], fill=leather)
    for k in range(8):
        angle = k * math.pi / 4
        tip = (0.5 + 0.38 * math.cos(angle), 0.5 + 0.38 * math.sin(angle))
        left = (0.5 + 0.12 * math.cos(angle - 0.35), 0.5 + 0.12 * math.sin(angle - 0.35))
        right = (0.5 + 0.12 * math.cos(angle + 0.35), 0.5 + 0.12 * math.sin(angle + 0.35))
        d.polygon(canvas.points([left, tip, right, (0.5, 0.5)]), fill=inlay)
    d.ellipse([*canvas.p(0.42, 0.42), *canvas.p(0.58, 0.58)], fill=leather, outline=stitch, width=canvas.w(0.006))
    d.ellipse([*canvas.p(0.11, 0.11), *canvas.p(0.89, 0.89)], outline=stitch, width=canvas.w(0.004))


def draw_lantern(canvas, brass, light):
    canvas.glow((0.5, 0.5), 0.5, light, strength=150)
    d = canvas.draw
    d.ellipse([*canvas.p(0.46, 0.04), *canvas.p(0.54, 0.1)], outline=brass, width=canvas.w(0.012))
    d.polygon(canvas.points([(0.5, 0.09), (0.7, 0.26), (0.3, 0.26)]), fill=brass)
    d.rectangle([*canvas.p(0.3, 0.26), *canvas.p(0.7, 0.8)], fill=brass)
    d.polygon(canvas.points([(0.3, 0.8), (0.7, 0.8), (0.62, 0.9), (0.38, 0.9)]), fill=brass)
    for panel_x in (0.33, 0.5):
        for row in range(9):
            for col in range(3):
                x, y = panel_x + 0.027 + col * 0.05, 0.31 + row * 0.055
                d.polygon(canvas.points(_star(x, y, 0.017)), fill=light)
    d.line(canvas.points([(0.5, 0.26), (0.5, 0.8)]), fill=tuple(c * 2 // 3 for c in brass), width=canvas.w(0.01))


def draw_tray(canvas, brass, engraving):
    canvas.shadow((0.06, 0.1, 0.98, 0.98))
    d = canvas.draw
    d.ellipse([*canvas.p(0.05, 0.05), *canvas.p(0.95, 0.95)], fill=brass, outline=engraving, width=canvas.w(0.01))
    for radius in (0.4, 0.33, 0.2):
        d.ellipse([*canvas.p(0.5 - radius, 0.5 - radius), *canvas.p(0.5 + radius, 0.5 + radius)],
                  outline=engraving, width=canvas.w(0.004))  # fmt: skip
    for k in range(48):
        angle = k * 2 * math.pi / 48
        start, end = (
            (0.5 + 0.33 * math.cos(angle), 0.5 + 0.33 * math.sin(angle)),
            (0.5 + 0.4 * math.cos(angle), 0.5 + 0.4 * math.sin(angle)),
        )
        d.line(canvas.points([start, end]), fill=engraving, width=canvas.w(0.003))
    d.polygon(canvas.points(_star(0.5, 0.5, 0.18)), outline=engraving, width=canvas.w(0.005))
    d.polygon(canvas.points(_star(0.5, 0.5, 0.09, math.pi / 8)), fill=engraving)


def _wood(canvas, draw, box, light, dark):
    x0, y0, x1, y1 = box
    draw.rectangle([*canvas.p(x0, y0), *canvas.p(x1, y1)], fill=light)
    r = canvas.random
    for _line in range(70):
        y, points = r.uniform(y0, y1), []
        for step in range(21):
            x = x0 + (x1 - x0) * step / 20
            points.append((x, y + 0.012 * math.sin(step * 0.7 + y * 40)))
        draw.line(canvas.points(points), fill=canvas.jitter(dark, 20), width=canvas.w(0.003))
    for _knot in range(16):
        cx, cy, size = r.uniform(x0, x1), r.uniform(y0, y1), r.uniform(0.006, 0.02)
        draw.ellipse([*canvas.p(cx - size, cy - size * 0.7), *canvas.p(cx + size, cy + size * 0.7)], fill=dark)


def draw_thuya_box(canvas, light, dark, inlay):
    canvas.shadow((0.1, 0.7, 0.92, 0.92))
    top = [(0.22, 0.26), (0.86, 0.26), (0.76, 0.48), (0.12, 0.48)]
    layer, ld = canvas.layer(light)
    _wood(canvas, ld, (0, 0, 1, 1), light, dark)
    canvas.paste(layer, canvas.mask(lambda m, c: m.polygon(c.points(top), fill=255)))
    front = canvas.mask(lambda m, c: m.rectangle([*c.p(0.12, 0.48), *c.p(0.76, 0.82)], fill=255))
    canvas.paste(layer.transpose(Image.Transpose.FLIP_TOP_BOTTOM).point(lambda v: v * 4 // 5), front)
    side = [(0.76, 0.48), (0.86, 0.26), (0.86, 0.6), (0.76, 0.82)]
    canvas.draw.polygon(canvas.points(side), fill=tuple(c // 2 for c in dark))
    inner = [(0.27, 0.29), (0.8, 0.29), (0.72, 0.45), (0.19, 0.45)]
    canvas.draw.polygon(canvas.points(inner), outline=inlay, width=canvas.w(0.008))
    canvas.draw.line(canvas.points([(0.12, 0.56), (0.76, 0.56)]), fill=inlay, width=canvas.w(0.006))


def draw_chessboard(canvas, light, dark, inlay):
    canvas.shadow((0.06, 0.1, 0.98, 0.98))
    layer, ld = canvas.layer(dark)
    _wood(canvas, ld, (0, 0, 1, 1), tuple(c * 3 // 4 for c in dark), dark)
    canvas.paste(layer, canvas.mask(lambda m, c: m.rectangle([*c.p(0.06, 0.06), *c.p(0.94, 0.94)], fill=255)))
    d = canvas.draw
    for row in range(8):
        for col in range(8):
            if (row + col) % 2 == 0:
                x, y = 0.12 + col * 0.095, 0.12 + row * 0.095
                d.rectangle([*canvas.p(x, y), *canvas.p(x + 0.095, y + 0.095)], fill=canvas.jitter(light, 8))
    d.rectangle([*canvas.p(0.12, 0.12), *canvas.p(0.88, 0.88)], outline=inlay, width=canvas.w(0.006))


def draw_fibula(canvas, silver, enamel):
    d = canvas.draw
    shade = tuple(c * 3 // 4 for c in silver)
    for k in range(24):  # the chain between the two brooches
        t = k / 23
        x, y = 0.22 + 0.56 * t, 0.3 + 0.22 * math.sin(math.pi * t)
        d.ellipse([*canvas.p(x - 0.012, y - 0.012), *canvas.p(x + 0.012, y + 0.012)], outline=silver,
                  width=canvas.w(0.005))  # fmt: skip
    for cx in (0.22, 0.78):
        d.ellipse([*canvas.p(cx - 0.1, 0.1), *canvas.p(cx + 0.1, 0.3)], outline=silver, width=canvas.w(0.02))
        d.polygon(canvas.points([(cx - 0.13, 0.3), (cx + 0.13, 0.3), (cx, 0.85)]), fill=silver, outline=shade,
                  width=canvas.w(0.006))  # fmt: skip
        for row in range(4):
            y = 0.36 + row * 0.1
            d.ellipse([*canvas.p(cx - 0.025, y), *canvas.p(cx + 0.025, y + 0.05)], fill=enamel[row % len(enamel)])
            d.line(canvas.points([(cx - 0.09 + row * 0.02, y + 0.07), (cx + 0.09 - row * 0.02, y + 0.07)]),
                   fill=shade, width=canvas.w(0.004))  # fmt: skip
    d.polygon(canvas.points(_star(0.5, 0.55, 0.07)), fill=silver, outline=shade, width=canvas.w(0.004))
    d.ellipse([*canvas.p(0.48, 0.53), *canvas.p(0.52, 0.57)], fill=enamel[0])


def draw_bracelet(canvas, silver, enamel):
    canvas.shadow((0.14, 0.66, 0.88, 0.9), strength=130)
    d = canvas.draw
    shade = tuple(c * 2 // 3 for c in silver)
    d.ellipse([*canvas.p(0.12, 0.2), *canvas.p(0.88, 0.82)], outline=shade, width=canvas.w(0.13))
    d.ellipse([*canvas.p(0.13, 0.19), *canvas.p(0.87, 0.8)], outline=silver, width=canvas.w(0.11))
    for k in range(28):
        angle = k * 2 * math.pi / 28
        x, y = 0.5 + 0.32 * math.cos(angle), 0.495 + 0.25 * math.sin(angle)
        d.ellipse([*canvas.p(x - 0.012, y - 0.012), *canvas.p(x + 0.012, y + 0.012)], fill=enamel[k % len(enamel)])


def draw_zellige(canvas, star, cross, ground, grout=(245, 242, 232)):
    d = canvas.draw
    d.rectangle([0, 0, canvas.size, canvas.size], fill=grout)
    cell = 0.2
    for row in range(-1, 7):
        for col in range(-1, 7):
            cx, cy = col * cell, row * cell
            d.rectangle([*canvas.p(cx + 0.004, cy + 0.004), *canvas.p(cx + cell - 0.004, cy + cell - 0.004)],
                        fill=canvas.jitter(ground, 10))  # fmt: skip
            d.polygon(canvas.points(_star(cx, cy, cell * 0.42)), fill=canvas.jitter(star, 14), outline=grout,
                      width=canvas.w(0.004))  # fmt: skip
            mid_x, mid_y = cx + cell / 2, cy + cell / 2
            d.polygon(canvas.points(_star(mid_x, mid_y, cell * 0.16, math.pi / 8)), fill=canvas.jitter(cross, 14),
                      outline=grout, width=canvas.w(0.003))  # fmt: skip


def draw_zellige_table(canvas, star, cross, ground):
    pattern = Canvas(canvas.size, ground, ground, canvas.random.random())
    draw_zellige(pattern, star, cross, ground)
    canvas.shadow((0.1, 0.8, 0.9, 0.96))
    d = canvas.draw
    iron = (34, 32, 30)
    for x0, x1 in ((0.2, 0.16), (0.8, 0.84), (0.38, 0.34), (0.62, 0.66)):
        d.line(canvas.points([(x0, 0.5), (x1, 0.9)]), fill=iron, width=canvas.w(0.018))
    d.ellipse([*canvas.p(0.08, 0.3), *canvas.p(0.92, 0.6)], fill=iron)
    canvas.paste(pattern.image, canvas.mask(lambda m, c: m.ellipse([*c.p(0.08, 0.27), *c.p(0.92, 0.57)], fill=255)))


def draw_handira(canvas, wool, sequin, stripe):
    mask, layer, ld = _rug_frame(canvas, wool)
    for band in (0.2, 0.5, 0.8):
        ld.rectangle([*canvas.p(0, band - 0.01), *canvas.p(1, band + 0.01)], fill=stripe)
    for row in range(30):
        for col in range(14):
            if (row + col) % 3:
                continue
            x, y = 0.17 + col * 0.05 + (0.025 if row % 2 else 0), 0.1 + row * 0.028
            ld.ellipse([*canvas.p(x - 0.008, y - 0.008), *canvas.p(x + 0.008, y + 0.008)], fill=sequin)
    canvas.paste(layer, mask)


def draw_cushion(canvas, cotton, thread, piping):
    canvas.shadow((0.08, 0.16, 0.96, 0.96))
    d = canvas.draw
    d.rounded_rectangle([*canvas.p(0.1, 0.1), *canvas.p(0.9, 0.9)], radius=canvas.w(0.08), fill=cotton,
                        outline=piping, width=canvas.w(0.012))  # fmt: skip
    for row in range(5):
        y = 0.22 + row * 0.14
        points = [(0.18 + k * 0.04, y + (0.03 if k % 2 else -0.03)) for k in range(17)]
        d.line(canvas.points(points), fill=thread, width=canvas.w(0.006))
    for cx, cy in ((0.3, 0.5), (0.5, 0.5), (0.7, 0.5)):
        d.polygon(canvas.points([(cx, cy - 0.06), (cx + 0.06, cy), (cx, cy + 0.06), (cx - 0.06, cy)]),
                  outline=thread, width=canvas.w(0.006))  # fmt: skip


def draw_basket(canvas, straw, pattern, handle):
    canvas.shadow((0.12, 0.82, 0.88, 0.95))
    d = canvas.draw
    d.arc([*canvas.p(0.3, 0.08), *canvas.p(0.7, 0.48)], 180, 360, fill=handle, width=canvas.w(0.025))
    body = [(0.14, 0.3), (0.86, 0.3), (0.76, 0.88), (0.24, 0.88)]
    mask = canvas.mask(lambda m, c: m.polygon(c.points(body), fill=255))
    layer, ld = canvas.layer(straw)
    for row in range(40):
        y = 0.3 + row * 0.0145
        ld.line(canvas.points([(0, y), (1, y)]), fill=canvas.jitter(straw, 18), width=canvas.w(0.01))
        for k in range(40):
            x = k * 0.025 + (0.0125 if row % 2 else 0)
            ld.line(canvas.points([(x, y - 0.005), (x + 0.006, y + 0.005)]), fill=tuple(c * 4 // 5 for c in straw),
                    width=canvas.w(0.003))  # fmt: skip
    if pattern:
        for k in range(12):
            x = 0.12 + k * 0.065
            ld.polygon(canvas.points([(x, 0.64), (x + 0.0325, 0.56), (x + 0.065, 0.64)]), fill=pattern)
    canvas.paste(layer, mask)
    d.ellipse([*canvas.p(0.14, 0.26), *canvas.p(0.86, 0.34)], fill=tuple(c // 2 for c in straw))


def draw_argan(canvas, glass, label, nut, *, jar=False):
    canvas.shadow((0.2, 0.82, 0.82, 0.95))
    d = canvas.draw
    if jar:
        d.rectangle([*canvas.p(0.28, 0.38), *canvas.p(0.72, 0.84)], fill=glass)
        d.ellipse([*canvas.p(0.28, 0.8), *canvas.p(0.72, 0.88)], fill=glass)
        d.ellipse([*canvas.p(0.26, 0.3), *canvas.p(0.74, 0.42)], fill=(60, 48, 40))
        d.rectangle([*canvas.p(0.26, 0.25), *canvas.p(0.74, 0.36)], fill=(60, 48, 40))
        d.ellipse([*canvas.p(0.26, 0.2), *canvas.p(0.74, 0.3)], fill=(90, 72, 58))
        label_box = (0.32, 0.5, 0.68, 0.72)
    else:
        d.rounded_rectangle([*canvas.p(0.36, 0.34), *canvas.p(0.64, 0.86)], radius=canvas.w(0.05), fill=glass)
        d.rectangle([*canvas.p(0.46, 0.2), *canvas.p(0.54, 0.36)], fill=glass)
        d.rectangle([*canvas.p(0.45, 0.12), *canvas.p(0.55, 0.21)], fill=(40, 32, 28))
        d.line(canvas.points([(0.4, 0.4), (0.4, 0.8)]), fill=tuple(min(255, c + 70) for c in glass),
               width=canvas.w(0.015))  # fmt: skip
        label_box = (0.39, 0.5, 0.61, 0.72)
    d.rectangle([*canvas.p(*label_box[:2]), *canvas.p(*label_box[2:])], fill=label)
    for k in range(4):
        y = label_box[1] + 0.04 + k * 0.04
        d.line(canvas.points([(label_box[0] + 0.03, y), (label_box[2] - 0.03, y)]), fill=(120, 90, 60),
               width=canvas.w(0.006 if k else 0.012))  # fmt: skip
    for _nut in range(9):
        cx, cy = canvas.random.uniform(0.08, 0.92), canvas.random.uniform(0.86, 0.95)
        if 0.3 < cx < 0.7:
            cx += 0.4 if cx > 0.5 else -0.3
        d.ellipse([*canvas.p(cx - 0.03, cy - 0.02), *canvas.p(cx + 0.03, cy + 0.02)], fill=canvas.jitter(nut, 15))


WHITE, CREAM, SAND, WALL = (246, 243, 236), (236, 226, 204), (214, 196, 166), (228, 222, 212)
COBALT, OCHRE, GREEN, AMBER, BLACK = (32, 62, 150), (196, 128, 42), (46, 110, 62), (200, 140, 30), (30, 28, 28)
MADDER, INDIGO, SAFFRON, PURPLE = (156, 36, 38), (40, 46, 96), (226, 160, 30), (96, 42, 90)
BRASS, SILVER, TAN, THUYA, LEMONWOOD = (196, 156, 64), (206, 208, 212), (170, 112, 60), (150, 86, 44), (230, 206, 140)
EMERALD, IVORY, STRAW, ARGAN = (20, 100, 76), (240, 232, 214), (214, 182, 120), (170, 100, 30)

# key: (backdrop top, backdrop bottom, drawing, arguments)
POOL = {
    "tagine-cobalt": (WALL, SAND, draw_tagine, (WHITE, COBALT, OCHRE)),
    "tagine-green": (WALL, SAND, draw_tagine, (GREEN, AMBER, CREAM)),
    "tagine-amazigh": (WALL, SAND, draw_tagine, (CREAM, BLACK, MADDER)),
    "plate-fes-blue": (SAND, WALL, draw_plate, (WHITE, COBALT, (90, 130, 200))),
    "plate-safi-ochre": (SAND, WALL, draw_plate, (CREAM, OCHRE, GREEN)),
    "plate-lustre": ((70, 60, 52), (40, 34, 30), draw_plate, ((222, 196, 120), (140, 70, 30), (250, 226, 150), 16)),
    "bowls-safi": (WALL, SAND, draw_bowls, (COBALT, WHITE, OCHRE)),
    "vase-green": (WALL, SAND, draw_vase, (GREEN, AMBER, (30, 70, 40))),
    "vase-lustre": (WALL, SAND, draw_vase, ((120, 60, 30), (230, 190, 110), (70, 40, 20))),
    "vase-fes-blue": (WALL, SAND, draw_vase, (WHITE, COBALT, COBALT)),
    "rug-beni-ourain": (SAND, TAN, draw_rug, ("lattice", CREAM, BLACK, ())),
    "rug-beni-mguild": (SAND, TAN, draw_rug, ("diamonds", MADDER, BLACK, (PURPLE, SAFFRON, INDIGO, MADDER))),
    "rug-azilal": (SAND, TAN, draw_rug, ("abstract", CREAM, BLACK, ((220, 60, 120), SAFFRON, INDIGO, GREEN))),
    "rug-boucherouite": (SAND, TAN, draw_rug, ("patchwork", WHITE, BLACK,
                                               ((230, 80, 120), (250, 170, 40), (60, 150, 200), (120, 190, 90)))),
    "kilim-stripes": (SAND, TAN, draw_rug, ("kilim", MADDER, BLACK, (MADDER, SAFFRON, INDIGO, CREAM))),
    "caftan-emerald": (WALL, SAND, draw_garment, (EMERALD, (214, 176, 80))),
    "caftan-saffron": (WALL, SAND, draw_garment, (SAFFRON, (140, 30, 40))),
    "djellaba-wool": (WALL, SAND, draw_garment, (CREAM, (110, 84, 60)), {"hood": True, "stripes": (200, 186, 160)}),
    "djellaba-indigo": (WALL, SAND, draw_garment, (INDIGO, WHITE), {"hood": True, "stripes": (30, 34, 76)}),
    "babouche-yellow": (WALL, SAND, draw_babouches, ((236, 190, 40), (150, 100, 40))),
    "babouche-embroidered": (WALL, SAND, draw_babouches, ((120, 20, 40), (80, 50, 30), (226, 190, 90))),
    "bag-tan": (WALL, SAND, draw_bag, (TAN, (236, 220, 190))),
    "pouf-brown": (SAND, TAN, draw_pouf, ((120, 72, 40), (236, 200, 130), (250, 240, 220))),
    "lantern-brass": ((40, 30, 26), (20, 16, 14), draw_lantern, (BRASS, (255, 214, 130))),
    "tray-brass": ((64, 44, 30), (36, 24, 18), draw_tray, (BRASS, (120, 90, 30))),
    "thuya-box": (WALL, SAND, draw_thuya_box, (THUYA, (90, 46, 20), LEMONWOOD)),
    "thuya-chess": (WALL, SAND, draw_chessboard, (LEMONWOOD, THUYA, (240, 230, 200))),
    "fibula-silver": ((60, 20, 36), (30, 10, 20), draw_fibula, (SILVER, ((30, 140, 90), SAFFRON, MADDER))),
    "bracelet-silver": ((24, 30, 60), (12, 14, 30), draw_bracelet, (SILVER, ((30, 140, 90), SAFFRON, MADDER))),
    "zellige-green": (WHITE, WHITE, draw_zellige, (EMERALD, WHITE, (20, 60, 50))),
    "zellige-blue": (WHITE, WHITE, draw_zellige, (COBALT, SAFFRON, (230, 224, 206))),
    "zellige-table": (WALL, SAND, draw_zellige_table, (EMERALD, (250, 250, 246), COBALT)),
    "handira-sequins": (SAND, TAN, draw_handira, (IVORY, (200, 204, 210), (150, 40, 40))),
    "cushion-embroidered": (WALL, SAND, draw_cushion, (IVORY, INDIGO, MADDER)),
    "basket-natural": (WALL, SAND, draw_basket, (STRAW, None, TAN)),
    "basket-colour": (WALL, SAND, draw_basket, (STRAW, (210, 50, 90), (120, 72, 40))),
    "argan-bottle": (WALL, SAND, draw_argan, ((160, 90, 20), CREAM, ARGAN)),
    "argan-jar": (WALL, SAND, draw_argan, ((40, 30, 26), CREAM, ARGAN), {"jar": True}),
}  # fmt: skip


def pool_picture(key: str, size: int) -> Image.Image:
    top, bottom, paint, arguments, *options = POOL[key]
    canvas = Canvas(size, top, bottom, seed=key)
    paint(canvas, *arguments, **(options[0] if options else {}))
    return canvas.image


# Pool pictures already made in this process, by (key, size): the photo and
# its files' bytes by storage path.
# Seeding again into an empty storage (a test's temporary MEDIA_ROOT) copies
# them instead of drawing and encoding again.
_made: dict[tuple[str, int], tuple[PoolPhoto, dict[str, bytes]]] = {}


def _manifest_name(size: int) -> str:
    return f"{POOL_DIR}/v{POOL_VERSION}-{size}/manifest.json"


def _files_of(photo: PoolPhoto) -> list[str]:
    return [photo.original, *(path for formats in photo.renditions.values() for path in formats.values())]


def _pool_photo_make(key: str, size: int) -> tuple[PoolPhoto, dict[str, bytes]]:
    """Draw one picture and put it through the upload pipeline: cleaned like an
    upload, stored, then resized into every rendition by the real code."""
    buffer = io.BytesIO()
    pool_picture(key, size).save(buffer, format="JPEG", quality=92)
    clean = images.photo_clean(ContentFile(buffer.getvalue(), name=f"{key}.jpg"))
    name = f"{POOL_DIR}/v{POOL_VERSION}-{size}/{key}.{images.ALLOWED_FORMATS[clean.format]}"
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, clean.content)
    unsaved = ProductPhoto(original=stored, width=clean.width, height=clean.height)
    renditions = photo_pipeline._renditions_write(unsaved)  # the task's own resizing, without a photo row
    photo = PoolPhoto(original=stored, width=clean.width, height=clean.height, renditions=renditions)
    files = {}
    for path in _files_of(photo):
        with default_storage.open(path, "rb") as handle:
            files[path] = handle.read()
    return photo, files


def _pool_photo_restore(key: str, size: int) -> PoolPhoto:
    made = _made.get((key, size))
    if made is None:
        made = _made[(key, size)] = _pool_photo_make(key, size)
        return made[0]
    photo, files = made
    for path, data in files.items():
        if not default_storage.exists(path):
            saved = default_storage.save(path, ContentFile(data))
            if saved != path:  # the storage renamed it: start this picture again
                _made.pop((key, size))
                return _pool_photo_restore(key, size)
    return photo


def photo_pool(progress=None) -> dict[str, PoolPhoto]:
    """Every pool picture, made only if one of its files is missing from
    storage (first run, new MEDIA_ROOT, or a file deleted since)."""
    size = photo_pixels()
    manifest_name = _manifest_name(size)
    pool = {}
    if default_storage.exists(manifest_name):
        with default_storage.open(manifest_name, "rb") as handle:
            pool = {key: PoolPhoto(**entry) for key, entry in json.load(handle).items() if key in POOL}
    missing = [key for key in POOL if key not in pool or not all(map(default_storage.exists, _files_of(pool[key])))]
    if missing:
        with ThreadPoolExecutor(max_workers=4) as executor:  # Pillow encodes outside the GIL
            made = executor.map(lambda key: _pool_photo_restore(key, size), missing)
            for key, photo in zip(missing, made, strict=True):
                pool[key] = photo
                if progress is not None:
                    progress.update(1)
        data = {key: asdict(photo) for key, photo in pool.items()}
        if default_storage.exists(manifest_name):
            default_storage.delete(manifest_name)
        default_storage.save(manifest_name, ContentFile(json.dumps(data, indent=1, sort_keys=True).encode()))
    elif progress is not None:
        progress.update(len(POOL))
    return pool


def _photo_rows(product_id: int, titles: dict, photos: list[PoolPhoto]) -> list[ProductPhoto]:
    return [
        ProductPhoto(
            product_id=product_id,
            original=photo.original,
            width=photo.width,
            height=photo.height,
            renditions=photo.renditions,
            position=position,
            alt_text=titles["en"],
            **{f"alt_text_{language}": titles[language] for language in LANGUAGES},
        )
        for position, photo in enumerate(photos)
    ]


# --- the showcase: hand-written products -----------------------------------

SAFI = "artisan.safi@souk.example"
FES_ZELLIGE = "hassan.fes@souk.example"
AZILAL = "itto.azilal@souk.example"
AZROU = "rkia.azrou@souk.example"
MARRAKECH = "youssef.marrakech@souk.example"
TIZNIT = "brahim.tiznit@souk.example"
ESSAOUIRA = "mustapha.essaouira@souk.example"
FES_SFIFA = "naima.fes@souk.example"
TAMANAR = "aicha.tamanar@souk.example"
MAKERS = (SAFI, FES_ZELLIGE, AZILAL, AZROU, MARRAKECH, TIZNIT, ESSAOUIRA, FES_SFIFA, TAMANAR)


@dataclass(frozen=True)
class Showcase:
    code: str  # SKU prefix
    artisan: str  # e-mail
    category: str
    motif: str  # pool key
    title: tuple[str, str, str, str]  # en, fr, es, ar
    description: tuple[str, str, str, str]
    materials: tuple[str, ...]
    technique: str
    weight_grams: int
    size_cm: tuple[float, float, float]
    variants: tuple  # (options, price in MAD, stock)
    hs_code: str = ""  # empty: the category's
    lead_time_days: int = 0  # > 0: made to order
    handmade: bool = True

    @property
    def slug(self) -> str:
        # What services.product_create makes of the English title when it is free.
        return slugify(self.title[0])[:114]


SHOWCASE = [
    Showcase(
        "SAFI-TAG-01", SAFI, "tagines-tableware", "tagine-cobalt",
        ("Safi cooking tagine, cobalt and ochre", "Tajine de cuisson de Safi, cobalt et ocre",
         "Tajín de cocina de Safi, cobalto y ocre", "طاجين الطبخ من آسفي بالأزرق الكوبالتي والأصفر المغري"),
        ("A glazed clay tagine thrown on the wheel on the Colline des Potiers and fired in a wood kiln. Lead-free "
         "glaze: it goes on a gas flame with a diffuser, then to the table.",
         "Tajine en terre émaillée tourné sur la Colline des Potiers et cuit au four à bois. Émail sans plomb : il va "
         "sur le feu avec un diffuseur, puis à table.",
         "Tajín de barro esmaltado, torneado en la Colina de los Alfareros y cocido en horno de leña. Esmalte sin "
         "plomo: va al fuego con difusor y luego a la mesa.",
         "طاجين من الطين المطلي، مشكّل على الدولاب في تلة الخزافين ومطهو في فرن الحطب. طلاؤه خالٍ من الرصاص: "
         "يوضع على النار مع موزع حرارة ثم يقدَّم على المائدة."),
        ("clay",), "Wheel-thrown, wood-fired, lead-free glaze", 2400, (30, 30, 28),
        (({"diameter": "26 cm"}, "290", 14), ({"diameter": "32 cm"}, "390", 8)),
    ),
    Showcase(
        "SAFI-TAG-02", SAFI, "tagines-tableware", "tagine-amazigh",
        ("Serving tagine with Amazigh motifs", "Tajine de service à motifs amazighs",
         "Tajín de servir con motivos amazighes", "طاجين التقديم بزخارف أمازيغية"),
        ("A serving tagine painted by hand in black and madder red on a cream glaze, with the signs women weave "
         "into Atlas rugs. For the table, not for the flame.",
         "Tajine de service peint à la main en noir et rouge garance sur émail crème, avec les signes que les femmes "
         "tissent dans les tapis de l'Atlas. Pour servir, pas pour la cuisson.",
         "Tajín de servir pintado a mano en negro y rojo rubia sobre esmalte crema, con los signos que las mujeres "
         "tejen en las alfombras del Atlas. Para servir, no para el fuego.",
         "طاجين للتقديم مرسوم يدوياً بالأسود والأحمر الفوّي على طلاء كريمي، بالرموز التي تنسجها النساء في زرابي "
         "الأطلس. للتقديم لا للطهي على النار."),
        ("clay",), "Wheel-thrown, hand-painted", 1900, (28, 28, 26),
        (({"diameter": "24 cm"}, "240", 10), ({"diameter": "30 cm"}, "340", 6), ({"diameter": "36 cm"}, "460", 3)),
    ),
    Showcase(
        "SAFI-PLT-03", SAFI, "tagines-tableware", "plate-safi-ochre",
        ("Safi serving platter with a green star", "Plat de service de Safi à l'étoile verte",
         "Fuente de Safi con estrella verde", "طبق تقديم من آسفي بنجمة خضراء"),
        ("A wide platter for couscous or salads, painted freehand with an eight-pointed star in copper green and "
         "ochre. Food-safe, lead-free glaze.",
         "Grand plat pour le couscous ou les salades, peint à main levée d'une étoile à huit branches vert cuivre "
         "et ocre. Émail alimentaire sans plomb.",
         "Fuente amplia para cuscús o ensaladas, pintada a mano alzada con una estrella de ocho puntas en verde "
         "cobre y ocre. Esmalte alimentario sin plomo.",
         "طبق واسع للكسكس أو السلطات، مرسوم بيد حرة بنجمة ثمانية بالأخضر النحاسي والأصفر المغري. طلاء غذائي خالٍ "
         "من الرصاص."),
        ("clay",), "Wheel-thrown, painted freehand", 1600, (36, 36, 6),
        (({"diameter": "36 cm"}, "260", 12), ({"diameter": "42 cm"}, "350", 7)),
    ),
    Showcase(
        "SAFI-BOL-04", SAFI, "tagines-tableware", "bowls-safi",
        ("Six Safi bowls in cobalt blue", "Six bols de Safi bleu cobalt", "Seis cuencos de Safi azul cobalto",
         "ستة أوعية من آسفي بالأزرق الكوبالتي"),
        ("Six small bowls for olives, harira or dips, dipped in cobalt glaze with a white inside and an ochre line. "
         "They take the dishwasher, but last longer washed by hand.",
         "Six petits bols pour les olives, la harira ou les sauces, trempés dans l'émail cobalt, intérieur blanc et "
         "filet ocre. Lave-vaisselle possible, mais ils durent plus longtemps lavés à la main.",
         "Seis cuencos pequeños para aceitunas, harira o salsas, bañados en esmalte cobalto con el interior blanco y "
         "un filete ocre. Aptos para lavavajillas, aunque duran más lavados a mano.",
         "ستة أوعية صغيرة للزيتون أو الحريرة أو الصلصات، مغموسة في طلاء كوبالتي بداخل أبيض وخط أصفر مغري. تتحمل "
         "غسالة الأواني، لكنها تدوم أطول إذا غُسلت باليد."),
        ("clay",), "Wheel-thrown, dipped glaze", 1500, (12, 12, 6),
        (({"pieces": "6"}, "240", 20),),
    ),
    Showcase(
        "SAFI-DEC-05", SAFI, "decorative-ceramics", "plate-lustre",
        ("Safi lustreware wall plate", "Assiette murale de Safi à reflets métalliques",
         "Plato de pared de Safi con reflejos metálicos", "صحن حائطي من آسفي ببريق معدني"),
        ("A decorative plate in the lustre technique Safi potters revived in the twentieth century: a third firing "
         "leaves a golden, metallic sheen. Made to order, each one signed.",
         "Assiette décorative à reflets métalliques, technique que les potiers de Safi ont fait renaître au "
         "XXᵉ siècle : une troisième cuisson lui donne son éclat doré. Faite sur commande, signée.",
         "Plato decorativo con reflejos metálicos, técnica que los alfareros de Safi recuperaron en el siglo XX: una "
         "tercera cocción le da su brillo dorado. Hecho por encargo y firmado.",
         "صحن زخرفي ببريق معدني، تقنية أحياها خزافو آسفي في القرن العشرين: طهيٌ ثالث يمنحه لمعانه الذهبي. يُصنع "
         "حسب الطلب ويحمل توقيع الصانع."),
        ("clay",), "Lustreware, third reduction firing", 1300, (34, 34, 4),
        (({"diameter": "34 cm"}, "850", 3), ({"diameter": "42 cm"}, "1250", 2)),
        lead_time_days=21,
    ),
    Showcase(
        "SAFI-VAS-06", SAFI, "decorative-ceramics", "vase-green",
        ("Green glazed vase with amber drips", "Vase émaillé vert aux coulures ambrées",
         "Jarrón esmaltado verde con chorreones ámbar", "مزهرية مطلية بالأخضر بسيلان كهرماني"),
        ("A tall vase with a copper-green glaze left to run over amber at the neck: no two drips are alike. "
         "Watertight, for fresh or dried flowers.",
         "Grand vase à l'émail vert de cuivre qu'on laisse couler sur l'ambre du col : aucune coulure n'est pareille. "
         "Étanche, pour fleurs fraîches ou séchées.",
         "Jarrón alto con esmalte verde cobre que se deja correr sobre el ámbar del cuello: no hay dos chorreones "
         "iguales. Estanco, para flores frescas o secas.",
         "مزهرية طويلة بطلاء أخضر نحاسي يُترك ليسيل على العنبري عند العنق: لا يتشابه سيلان مع آخر. لا تسرّب الماء، "
         "للأزهار الطرية أو المجففة."),
        ("clay",), "Wheel-thrown, poured glazes", 2600, (20, 20, 38),
        (({"height": "30 cm"}, "420", 6), ({"height": "40 cm"}, "590", 4)),
    ),
    Showcase(
        "FES-PLT-07", FES_ZELLIGE, "tagines-tableware", "plate-fes-blue",
        ("Fes blue serving plate", "Plat bleu de Fès", "Plato azul de Fez", "طبق فاسي أزرق"),
        ("The blue of Fes: cobalt painted on a white tin glaze in a sunburst of petals, as the potters of Ain Nokbi "
         "have done for centuries. Food-safe.",
         "Le bleu de Fès : cobalt peint sur émail blanc stannifère en rosace de pétales, comme le font les potiers "
         "d'Aïn Nokbi depuis des siècles. Contact alimentaire.",
         "El azul de Fez: cobalto pintado sobre esmalte blanco estannífero en una roseta de pétalos, como hacen los "
         "alfareros de Ain Nokbi desde hace siglos. Apto para alimentos.",
         "الأزرق الفاسي: كوبالت مرسوم على طلاء أبيض قصديري في وردة من البتلات، كما يفعل خزافو عين النقبي منذ "
         "قرون. صالح للطعام."),
        ("clay",), "Tin glaze, cobalt painting", 1400, (32, 32, 5),
        (({"diameter": "32 cm"}, "320", 10), ({"diameter": "40 cm"}, "450", 5)),
    ),
    Showcase(
        "FES-JAR-08", FES_ZELLIGE, "decorative-ceramics", "vase-fes-blue",
        ("Fes blue lidded jar (jobbana)", "Jobbana bleue de Fès, pot à couvercle",
         "Jobbana azul de Fez, tarro con tapa", "جبانة فاسية زرقاء بغطاء"),
        ("The jobbana is the lidded jar Fes families kept butter, olives or sweets in; this one is for display, "
         "painted in cobalt with fine arabesques.",
         "La jobbana est le pot à couvercle où les familles de Fès gardaient le beurre, les olives ou les douceurs ; "
         "celle-ci est décorative, peinte au cobalt de fines arabesques.",
         "La jobbana es el tarro con tapa donde las familias de Fez guardaban mantequilla, aceitunas o dulces; esta es "
         "decorativa, pintada en cobalto con finos arabescos.",
         "الجبانة إناء بغطاء كانت الأسر الفاسية تحفظ فيه السمن والزيتون والحلويات؛ وهذه للزينة، مرسومة بالكوبالت "
         "بزخارف توريق دقيقة."),
        ("clay",), "Tin glaze, cobalt painting", 1800, (22, 22, 30),
        (({"height": "30 cm"}, "560", 5),),
    ),
    Showcase(
        "FES-BWL-09", FES_ZELLIGE, "tagines-tableware", "plate-fes-blue",
        ("Fes blue footed fruit bowl", "Coupe à fruits bleue de Fès", "Frutero azul de Fez", "زبدية فواكه فاسية زرقاء"),
        ("A deep footed bowl for fruit or bread, in the white and cobalt of Fes, with a star at the bottom that "
         "shows as the bowl empties.",
         "Coupe profonde sur pied pour les fruits ou le pain, blanc et cobalt de Fès, avec une étoile au fond qui "
         "apparaît quand on la vide.",
         "Cuenco hondo con pie para fruta o pan, en el blanco y cobalto de Fez, con una estrella en el fondo que "
         "aparece al vaciarlo.",
         "زبدية عميقة بقاعدة للفواكه أو الخبز، بالأبيض والكوبالتي الفاسي، في قعرها نجمة تظهر كلما فرغت."),
        ("clay",), "Tin glaze, cobalt painting", 1700, (30, 30, 14),
        (({"diameter": "28 cm"}, "360", 7),),
    ),
    Showcase(
        "FES-ZTB-10", FES_ZELLIGE, "zellige", "zellige-table",
        ("Zellige mosaic coffee table", "Table basse en zellige", "Mesa baja de zellige", "طاولة قهوة من الزليج"),
        ("A round coffee table laid with hand-cut zellige in emerald, white and cobalt on a wrought-iron base. Made "
         "to order in the Fes workshop: allow a month.",
         "Table basse ronde en zellige taillé main, vert émeraude, blanc et cobalt, sur piètement en fer forgé. Faite "
         "sur commande dans l'atelier de Fès : comptez un mois.",
         "Mesa baja redonda de zellige tallado a mano, verde esmeralda, blanco y cobalto, sobre base de hierro "
         "forjado. Hecha por encargo en el taller de Fez: cuente un mes.",
         "طاولة قهوة مستديرة من الزليج المقطّع يدوياً بالأخضر الزمردي والأبيض والكوبالتي على قاعدة من الحديد "
         "المطروق. تُصنع حسب الطلب في ورشة فاس: المدة شهر تقريباً."),
        ("clay",), "Hand-cut zellige on a wrought-iron base", 28000, (80, 80, 42),
        (({"diameter": "60 cm"}, "2900", 2), ({"diameter": "80 cm"}, "4200", 2), ({"diameter": "100 cm"}, "5900", 1)),
        hs_code="9403.89", lead_time_days=30,
    ),
    Showcase(
        "FES-ZTB-11", FES_ZELLIGE, "zellige", "zellige-blue",
        ("Square zellige side table", "Table d'appoint carrée en zellige", "Mesa auxiliar cuadrada de zellige",
         "طاولة جانبية مربعة من الزليج"),
        ("A small square table for a terrace or a living room: the top is a rosette of zellige cut from Fes clay, "
         "framed in iron. Weather-resistant.",
         "Petite table carrée pour la terrasse ou le salon : le plateau est une rosace de zellige taillé dans la terre "
         "de Fès, cerclée de fer. Résiste aux intempéries.",
         "Mesa cuadrada pequeña para la terraza o el salón: el tablero es un rosetón de zellige tallado en barro de "
         "Fez, enmarcado en hierro. Resiste a la intemperie.",
         "طاولة مربعة صغيرة للشرفة أو الصالون: سطحها وردة من الزليج المقطوع من طين فاس بإطار من الحديد. تقاوم "
         "تقلبات الطقس."),
        ("clay",), "Hand-cut zellige, iron frame", 16000, (50, 50, 45),
        (({"size": "50 × 50 cm"}, "1900", 3),),
        hs_code="9403.89",
    ),
    Showcase(
        "FES-ZLG-12", FES_ZELLIGE, "zellige", "zellige-green",
        ("Hand-cut zellige, per square metre", "Zellige taillé main, au mètre carré",
         "Zellige tallado a mano, por metro cuadrado", "زليج مقطّع يدوياً بالمتر المربع"),
        ("Glazed Fes clay cut piece by piece with the menqach hammer and set face down into panels of eight-pointed "
         "stars. Sold by the square metre; other colours on request.",
         "Terre de Fès émaillée, taillée pièce par pièce au marteau menqach et assemblée face contre terre en panneaux "
         "d'étoiles à huit branches. Vendu au mètre carré ; autres couleurs sur demande.",
         "Barro de Fez esmaltado, tallado pieza a pieza con el martillo menqach y montado boca abajo en paneles de "
         "estrellas de ocho puntas. Se vende por metro cuadrado; otros colores a petición.",
         "طين فاسي مطلي، يُقطَّع قطعة قطعة بالمنقاش ويُركَّب مقلوباً في ألواح من النجوم الثمانية. يُباع بالمتر "
         "المربع، وألوان أخرى عند الطلب."),
        ("clay",), "Hand-cut with the menqach", 30000, (100, 100, 1.5),
        (({"colour": "emerald and white"}, "1150", 40), ({"colour": "cobalt and honey"}, "1250", 25)),
    ),
    Showcase(
        "FES-FTN-13", FES_ZELLIGE, "zellige", "zellige-blue",
        ("Zellige wall fountain", "Fontaine murale en zellige", "Fuente de pared de zellige",
         "نافورة حائطية من الزليج"),
        ("A wall fountain for a patio, as in the riads of the medina: zellige basin and panel, with a carved plaster "
         "arch on request. Made to order, pump included.",
         "Fontaine murale pour patio, comme dans les riads de la médina : vasque et panneau en zellige, arc en plâtre "
         "sculpté sur demande. Sur commande, pompe incluse.",
         "Fuente de pared para patio, como en los riads de la medina: pila y panel de zellige, arco de yeso tallado a "
         "petición. Por encargo, bomba incluida.",
         "نافورة حائطية للفناء كما في رياضات المدينة العتيقة: حوض ولوحة من الزليج، وقوس من الجبس المنقوش عند "
         "الطلب. تُصنع حسب الطلب مع المضخة."),
        ("clay",), "Hand-cut zellige, carved plaster", 65000, (80, 35, 120),
        (({"width": "80 cm"}, "9800", 1),),
        hs_code="6914.90", lead_time_days=45, handmade=False,
    ),
    Showcase(
        "AZI-RUG-14", AZILAL, "knotted-carpets", "rug-azilal",
        ("Azilal rug with Amazigh symbols", "Tapis d'Azilal aux symboles amazighs",
         "Alfombra de Azilal con símbolos amazighes", "زربية أزيلال برموز أمازيغية"),
        ("Knotted on the cooperative's vertical looms in bright wool on an undyed ground: each sign, the eye, the "
         "comb, the zigzag of water, is the weaver's own. Every rug is a single piece.",
         "Noué sur les métiers verticaux de la coopérative, en laine vive sur fond écru : chaque signe, l'œil, le "
         "peigne, le zigzag de l'eau, est celui de la tisserande. Chaque tapis est une pièce unique.",
         "Anudada en los telares verticales de la cooperativa, con lana de colores vivos sobre fondo crudo: cada "
         "signo, el ojo, el peine, el zigzag del agua, es de la tejedora. Cada alfombra es una pieza única.",
         "معقودة على المناسج العمودية للتعاونية بصوف زاهي الألوان على أرضية طبيعية: كل رمز، العين والمشط وتعرّج "
         "الماء، من إبداع النساجة. كل زربية قطعة فريدة."),
        ("wool",), "Hand-knotted on a vertical loom", 9000, (240, 160, 1.5),
        (({"size": "150 × 240 cm"}, "4800", 1), ({"size": "200 × 300 cm"}, "7900", 1)),
    ),
    Showcase(
        "AZI-BOU-15", AZILAL, "knotted-carpets", "rug-boucherouite",
        ("Boucherouite rag rug", "Tapis boucherouite en chiffons", "Alfombra boucherouite de retales",
         "زربية بوشرويط من بقايا الأثواب"),
        ("Boucherouite is the rug women knot from strips of old clothes: nothing wasted, everything colour. Soft, "
         "light and washable.",
         "Le boucherouite est le tapis que les femmes nouent avec des bandes de vieux vêtements : rien ne se perd, "
         "tout devient couleur. Doux, léger et lavable.",
         "El boucherouite es la alfombra que las mujeres anudan con tiras de ropa vieja: nada se pierde, todo se "
         "vuelve color. Suave, ligera y lavable.",
         "البوشرويط زربية تعقدها النساء من شرائط الملابس القديمة: لا شيء يضيع وكل شيء يصير لوناً. ناعمة وخفيفة "
         "وقابلة للغسل."),
        ("cotton",), "Hand-knotted from recycled textile strips", 3500, (180, 120, 1.5),
        (({"size": "120 × 180 cm"}, "1150", 3), ({"size": "150 × 220 cm"}, "1650", 2)),
        hs_code="5705.00",
    ),
    Showcase(
        "AZI-KIL-16", AZILAL, "kilims", "kilim-stripes",
        ("Azilal kilim runner", "Kilim de couloir d'Azilal", "Kilim de pasillo de Azilal", "حنبل ممر من أزيلال"),
        ("A flat-woven runner with bands of madder, saffron and indigo and rows of small triangles. Reversible and "
         "light, for a hall or the foot of a bed.",
         "Kilim tissé à plat, en bandes de garance, safran et indigo rythmées de petits triangles. Réversible et "
         "léger, pour un couloir ou le pied du lit.",
         "Kilim tejido en plano, con franjas de rubia, azafrán e índigo y filas de pequeños triángulos. Reversible y "
         "ligero, para un pasillo o a los pies de la cama.",
         "حنبل منسوج نسجاً مسطحاً بأشرطة من الفوة والزعفران والنيلة وصفوف من المثلثات الصغيرة. يُقلب على الوجهين "
         "وخفيف، للممر أو أسفل السرير."),
        ("wool", "cotton"), "Flat-woven", 4000, (250, 80, 0.5),
        (({"size": "70 × 250 cm"}, "1650", 4), ({"size": "80 × 350 cm"}, "2350", 2)),
    ),
    Showcase(
        "AZI-HND-17", AZILAL, "textiles", "handira-sequins",
        ("Handira wedding blanket with sequins", "Handira, couverture de mariage à sequins",
         "Handira, manta de boda con lentejuelas", "حنديرة، غطاء العرس بالترتر"),
        ("The handira is the blanket a bride of the Atlas wears on her wedding day: woven in white wool and cotton "
         "and sewn with sequins that catch the light. A bedspread or a wall hanging.",
         "La handira est la couverture que porte la mariée de l'Atlas le jour des noces : tissée de laine et coton "
         "blancs, cousue de sequins qui accrochent la lumière. En couvre-lit ou en tenture.",
         "La handira es la manta que lleva la novia del Atlas el día de su boda: tejida en lana y algodón blancos y "
         "cosida con lentejuelas que atrapan la luz. Como colcha o tapiz.",
         "الحنديرة غطاء ترتديه عروس الأطلس يوم زفافها: منسوجة من الصوف والقطن الأبيضين ومخيطة بالترتر الذي "
         "يعكس الضوء. تُستعمل غطاءً للسرير أو زينة للجدار."),
        ("wool", "cotton"), "Flat-woven, sequins sewn by hand", 2800, (200, 100, 1),
        (({"size": "100 × 200 cm"}, "2400", 3), ({"size": "150 × 250 cm"}, "3600", 2)),
        hs_code="6301.20",
    ),
    Showcase(
        "AZI-CUS-18", AZILAL, "textiles", "cushion-embroidered",
        ("Embroidered cotton cushion cover", "Housse de coussin brodée en coton", "Funda de cojín de algodón bordada",
         "غطاء وسادة قطني مطرز"),
        ("Natural cotton woven on the loom and embroidered with indigo zigzags and lozenges, piped in madder red. "
         "Zip closure; insert not included.",
         "Coton naturel tissé au métier et brodé de zigzags et losanges indigo, passepoil rouge garance. Fermeture "
         "éclair ; garnissage non fourni.",
         "Algodón natural tejido en telar y bordado con zigzags y rombos índigo, vivo rojo rubia. Cierre de "
         "cremallera; relleno no incluido.",
         "قطن طبيعي منسوج على المنسج ومطرز بتعرجات ومعينات نيلية، بحاشية حمراء فوية. بسحّاب، دون الحشوة."),
        ("cotton",), "Loom-woven, hand-embroidered", 300, (50, 50, 1),
        (({"size": "40 × 40 cm"}, "190", 25), ({"size": "50 × 50 cm"}, "240", 18)),
    ),
    Showcase(
        "AZI-BSK-19", AZILAL, "basketry", "basket-colour",
        ("Doum palm basket with pompoms", "Panier en doum à pompons", "Cesta de palmito con pompones",
         "سلة من الدوم بكريات صوفية"),
        ("Plaited from dwarf-palm leaves and finished with wool pompoms in Azilal pink: a market basket that also "
         "holds blankets or toys.",
         "Tressé en feuilles de palmier nain et fini de pompons de laine rose d'Azilal : un panier de marché qui "
         "range aussi plaids et jouets.",
         "Trenzado con hojas de palmito y rematado con pompones de lana rosa de Azilal: una cesta de mercado que "
         "también guarda mantas o juguetes.",
         "مضفورة من سعف الدوم ومزينة بكريات صوفية بلون أزيلال الوردي: سلة للسوق تصلح أيضاً لحفظ الأغطية أو "
         "الألعاب."),
        ("palm", "wool"), "Plaited doum palm", 450, (40, 25, 32),
        (({"size": "M"}, "180", 15), ({"size": "L"}, "240", 10)),
    ),
    Showcase(
        "AZI-DJL-20", AZILAL, "djellabas", "djellaba-wool",
        ("Hand-woven wool djellaba", "Djellaba en laine tissée main", "Chilaba de lana tejida a mano",
         "جلابة صوف منسوجة يدوياً"),
        ("A hooded djellaba in undyed Atlas wool, woven on the loom and sewn by hand, warm enough for winter in the "
         "mountains. Made to your size: send your measurements after ordering.",
         "Djellaba à capuche en laine écrue de l'Atlas, tissée au métier et cousue main, assez chaude pour l'hiver en "
         "montagne. Faite à vos mesures : envoyez-les après la commande.",
         "Chilaba con capucha de lana cruda del Atlas, tejida en telar y cosida a mano, abrigada para el invierno en "
         "la montaña. Hecha a su medida: envíe sus medidas tras el pedido.",
         "جلابة بقبّ من صوف الأطلس الطبيعي، منسوجة على المنسج ومخيطة يدوياً، دافئة بما يكفي لشتاء الجبل. تُفصَّل "
         "على مقاسك: أرسل مقاساتك بعد الطلب."),
        ("wool",), "Loom-woven, hand-sewn", 1400, (140, 60, 3),
        (({"size": "M"}, "1450", 4), ({"size": "L"}, "1450", 4), ({"size": "XL"}, "1550", 2)),
        lead_time_days=20,
    ),
    Showcase(
        "AZR-RUG-21", AZROU, "knotted-carpets", "rug-beni-mguild",
        ("Beni Mguild rug in madder red", "Tapis Beni Mguild rouge garance", "Alfombra Beni Mguild rojo rubia",
         "زربية بني مكيلد بالأحمر الفوّي"),
        ("A thick pile rug of the Beni Mguild, the Middle Atlas tribe whose wool is among the softest in Morocco, "
         "dyed with madder, henna and indigo. Knotted to order: about two months.",
         "Tapis à poils épais des Beni Mguild, tribu du Moyen Atlas dont la laine compte parmi les plus douces du "
         "Maroc, teinte à la garance, au henné et à l'indigo. Noué sur commande : environ deux mois.",
         "Alfombra de pelo grueso de los Beni Mguild, tribu del Atlas Medio cuya lana está entre las más suaves de "
         "Marruecos, teñida con rubia, henna e índigo. Anudada por encargo: unos dos meses.",
         "زربية كثيفة الوبر من بني مكيلد، قبيلة الأطلس المتوسط التي يُعد صوفها من أنعم الأصواف في المغرب، مصبوغة "
         "بالفوة والحناء والنيلة. تُعقد حسب الطلب: نحو شهرين."),
        ("wool",), "Hand-knotted, natural dyes", 14000, (300, 200, 2.5),
        (({"size": "200 × 300 cm"}, "12500", 1), ({"size": "250 × 350 cm"}, "16800", 1)),
        lead_time_days=60,
    ),
    Showcase(
        "AZR-RUG-22", AZROU, "knotted-carpets", "rug-beni-ourain",
        ("Beni Ourain-style rug with black lozenges", "Tapis style Beni Ouarain à losanges noirs",
         "Alfombra estilo Beni Ouarain con rombos negros", "زربية على طراز بني وراين بمعينات سوداء"),
        ("Undyed cream wool and a lattice of black lozenges: the rug modern interiors borrowed from the Middle Atlas, "
         "knotted here the old way, with a long soft pile.",
         "Laine écrue non teinte et réseau de losanges noirs : le tapis que les intérieurs modernes ont emprunté au "
         "Moyen Atlas, noué ici à l'ancienne, à longs poils doux.",
         "Lana crema sin teñir y una red de rombos negros: la alfombra que los interiores modernos tomaron del Atlas "
         "Medio, anudada aquí a la antigua, de pelo largo y suave.",
         "صوف كريمي غير مصبوغ وشبكة من المعينات السوداء: الزربية التي استعارتها الديكورات العصرية من الأطلس "
         "المتوسط، معقودة هنا على الطريقة القديمة بوبر طويل ناعم."),
        ("wool",), "Hand-knotted, undyed wool", 11000, (230, 160, 2.5),
        (({"size": "160 × 230 cm"}, "6900", 2), ({"size": "200 × 300 cm"}, "10500", 1)),
    ),
    Showcase(
        "AZR-KIL-23", AZROU, "kilims", "kilim-stripes",
        ("Middle Atlas hanbel kilim", "Kilim hanbel du Moyen Atlas", "Kilim hanbel del Atlas Medio",
         "حنبل الأطلس المتوسط"),
        ("The hanbel is the flat-woven blanket-rug of the Zayane and Beni Mguild: broad bands of colour, a little "
         "pile at the edges, reversible.",
         "Le hanbel est le tapis-couverture tissé à plat des Zayane et des Beni Mguild : larges bandes de couleur, un "
         "peu de velours sur les bords, réversible.",
         "El hanbel es la alfombra-manta tejida en plano de los Zayane y los Beni Mguild: anchas franjas de color, "
         "algo de pelo en los bordes, reversible.",
         "الحنبل بساط منسوج نسجاً مسطحاً عند زيان وبني مكيلد: أشرطة لونية عريضة وقليل من الوبر عند الحواف، ويُقلب "
         "على الوجهين."),
        ("wool",), "Flat-woven", 6000, (250, 150, 0.5),
        (({"size": "150 × 250 cm"}, "3400", 2),),
    ),
    Showcase(
        "AZR-RUG-24", AZROU, "knotted-carpets", "rug-beni-mguild",
        ("Small Beni Mguild bedside rug", "Petit tapis de chevet Beni Mguild", "Alfombra pequeña de noche Beni Mguild",
         "زربية صغيرة بجانب السرير من بني مكيلد"),
        ("A small knotted rug for the bedside or a doorway, woven from the wool left over from the cooperative's "
         "large rugs: purple, saffron and indigo diamonds on madder.",
         "Petit tapis noué pour le bord du lit ou une entrée, tissé avec les restes de laine des grands tapis de la "
         "coopérative : losanges violets, safran et indigo sur fond garance.",
         "Pequeña alfombra anudada para junto a la cama o una entrada, tejida con los restos de lana de las grandes "
         "alfombras de la cooperativa: rombos morados, azafrán e índigo sobre rubia.",
         "زربية صغيرة معقودة لجانب السرير أو المدخل، منسوجة من بقايا صوف الزرابي الكبيرة في التعاونية: معينات "
         "بنفسجية وزعفرانية ونيلية على أرضية فوية."),
        ("wool",), "Hand-knotted", 2500, (90, 60, 2),
        (({"size": "60 × 90 cm"}, "980", 6), ({"size": "80 × 120 cm"}, "1450", 3)),
    ),
    Showcase(
        "MRK-BAB-25", MARRAKECH, "babouches", "babouche-yellow",
        ("Classic yellow leather babouches", "Babouches classiques en cuir jaune",
         "Babuchas clásicas de cuero amarillo", "بلغة كلاسيكية من الجلد الأصفر"),
        ("The babouche of the Marrakech souks: goatskin tanned with pomegranate bark and dyed saffron yellow, on a "
         "stitched leather sole. The heel folds flat.",
         "La babouche des souks de Marrakech : peau de chèvre tannée à l'écorce de grenade et teinte jaune safran, "
         "semelle en cuir cousue. Se porte talon rabattu.",
         "La babucha de los zocos de Marrakech: piel de cabra curtida con corteza de granada y teñida de amarillo "
         "azafrán, con suela de cuero cosida. El talón se pliega.",
         "بلغة أسواق مراكش: جلد ماعز مدبوغ بقشر الرمان ومصبوغ بالأصفر الزعفراني، بنعل جلدي مخيط. يُطوى كعبها."),
        ("leather",), "Vegetable-tanned goatskin, stitched sole", 500, (30, 11, 8),
        (({"size": "39"}, "260", 12), ({"size": "41"}, "260", 15), ({"size": "43"}, "260", 9)),
    ),
    Showcase(
        "MRK-BAB-26", MARRAKECH, "babouches", "babouche-embroidered",
        ("Embroidered women's babouches", "Babouches brodées pour femme", "Babuchas bordadas de mujer",
         "بلغة نسائية مطرزة"),
        ("Bordeaux leather babouches embroidered with small stars in gold thread, the way women of Fes and Marrakech "
         "wear them for celebrations.",
         "Babouches en cuir bordeaux brodées de petites étoiles au fil doré, comme les portent les Fassies et les "
         "Marrakchies pour les fêtes.",
         "Babuchas de cuero burdeos bordadas con pequeñas estrellas en hilo dorado, como las llevan las mujeres de Fez "
         "y Marrakech en las fiestas.",
         "بلغة من الجلد الخمري مطرزة بنجيمات بخيط ذهبي، كما تنتعلها الفاسيات والمراكشيات في المناسبات."),
        ("leather",), "Hand-embroidered leather", 400, (26, 10, 7),
        (({"size": "37"}, "320", 8), ({"size": "38"}, "320", 10), ({"size": "39"}, "320", 6)),
    ),
    Showcase(
        "MRK-BAG-27", MARRAKECH, "leather-bags", "bag-tan",
        ("Tan leather tote bag", "Cabas en cuir fauve", "Bolso cabás de cuero natural",
         "حقيبة تسوق من الجلد الطبيعي"),
        ("A large tote in vegetable-tanned cowhide, hand-stitched with linen thread, with an inside pocket and a "
         "brass press stud. Darkens beautifully with use.",
         "Grand cabas en cuir de vache tanné végétal, cousu main au fil de lin, poche intérieure et bouton pression "
         "en laiton. Se patine joliment.",
         "Gran bolso cabás de piel de vaca curtida al vegetal, cosido a mano con hilo de lino, bolsillo interior y "
         "broche de latón. Adquiere una bonita pátina.",
         "حقيبة كبيرة من جلد البقر المدبوغ نباتياً، مخيطة يدوياً بخيط الكتان، بجيب داخلي وزر نحاسي. يكتسب الجلد "
         "لوناً أجمل مع الاستعمال."),
        ("leather",), "Vegetable-tanned cowhide, saddle-stitched", 900, (42, 14, 34),
        (({"colour": "tan"}, "890", 7), ({"colour": "cognac"}, "890", 5), ({"colour": "black"}, "940", 4)),
    ),
    Showcase(
        "MRK-BAG-28", MARRAKECH, "leather-bags", "bag-tan",
        ("Leather satchel with a flap", "Cartable en cuir à rabat", "Cartera de cuero con solapa",
         "محفظة جلدية بغطاء"),
        ("A satchel with a long adjustable strap and two buckles, cut and stitched in the Marrakech workshop from a "
         "single hide. Fits a 13-inch laptop.",
         "Cartable à longue bandoulière réglable et deux boucles, coupé et cousu à l'atelier de Marrakech dans une "
         "seule peau. Accueille un ordinateur 13 pouces.",
         "Cartera con correa larga regulable y dos hebillas, cortada y cosida en el taller de Marrakech de una sola "
         "piel. Cabe un portátil de 13 pulgadas.",
         "محفظة بحزام كتف طويل قابل للتعديل وإبزيمين، مقصوصة ومخيطة في ورشة مراكش من جلد واحد. تتسع لحاسوب "
         "13 بوصة."),
        ("leather",), "Cut and saddle-stitched by hand", 1100, (38, 10, 28),
        (({"colour": "tan"}, "1150", 4), ({"colour": "cognac"}, "1150", 3)),
    ),
    Showcase(
        "MRK-POF-29", MARRAKECH, "poufs", "pouf-brown",
        ("Embroidered leather pouf", "Pouf en cuir brodé", "Puf de cuero bordado", "بوف جلدي مطرز"),
        ("A round pouf in brown goatskin inlaid with a camel-coloured star and stitched in cream. Shipped flat and "
         "unstuffed: fill it with old blankets or cushions.",
         "Pouf rond en cuir de chèvre marron incrusté d'une étoile couleur chameau et piqué de crème. Livré à plat, "
         "sans garnissage : à remplir de vieux plaids ou coussins.",
         "Puf redondo de piel de cabra marrón con una estrella color camello y pespuntes crema. Se envía plano y sin "
         "relleno: rellénelo con mantas o cojines viejos.",
         "بوف مستدير من جلد الماعز البني مرصع بنجمة بلون الجمل ومخيط بخيط كريمي. يُشحن مسطحاً دون حشوة: املأه "
         "بأغطية أو وسائد قديمة."),
        ("leather",), "Leather inlay, hand-stitched", 1700, (55, 55, 30),
        (({"colour": "brown"}, "620", 9), ({"colour": "tan"}, "620", 6)),
        hs_code="4205.00",  # shipped unstuffed: an article of leather, not furniture
    ),
    Showcase(
        "MRK-LAN-30", MARRAKECH, "metalwork", "lantern-brass",
        ("Pierced brass lantern", "Lanterne en laiton ajouré", "Farol de latón calado",
         "فانوس من النحاس الأصفر المخرّم"),
        ("Cut, pierced and chased by hand: lit with a candle or a bulb, the lantern throws a pattern of stars across "
         "the room. Electric fitting on request.",
         "Découpée, ajourée et ciselée à la main : éclairée d'une bougie ou d'une ampoule, la lanterne projette des "
         "étoiles sur les murs. Électrification sur demande.",
         "Cortado, calado y cincelado a mano: con una vela o una bombilla, el farol proyecta estrellas por toda la "
         "habitación. Electrificación a petición.",
         "مقصوص ومخرّم ومنقوش يدوياً: حين يُضاء بشمعة أو مصباح يرسم الفانوس نجوماً على الجدران. التوصيل "
         "الكهربائي عند الطلب."),
        ("brass",), "Pierced and chased brass", 1600, (22, 22, 48),
        (({"height": "35 cm"}, "520", 8), ({"height": "50 cm"}, "790", 5), ({"height": "70 cm"}, "1250", 2)),
    ),
    Showcase(
        "MRK-TRY-31", MARRAKECH, "metalwork", "tray-brass",
        ("Engraved brass tea tray", "Plateau à thé en laiton gravé", "Bandeja de té de latón grabado",
         "صينية شاي من النحاس الأصفر المنقوش"),
        ("The round tray the teapot and glasses are served on, engraved with a star and a border of fine lines by a "
         "chaser working only with a hammer and chisels.",
         "Le plateau rond sur lequel on sert la théière et les verres, gravé d'une étoile et d'une frise de fines "
         "lignes par un ciseleur qui ne travaille qu'au marteau et au burin.",
         "La bandeja redonda en la que se sirven la tetera y los vasos, grabada con una estrella y una cenefa de "
         "líneas finas por un cincelador que solo usa martillo y cinceles.",
         "الصينية المستديرة التي يُقدَّم عليها البراد والكؤوس، منقوشة بنجمة وإطار من الخطوط الدقيقة بيد نقاش لا "
         "يستعمل إلا المطرقة والأزاميل."),
        ("brass",), "Hand-engraved brass", 2100, (50, 50, 3),
        (({"diameter": "40 cm"}, "480", 6), ({"diameter": "55 cm"}, "720", 4)),
        hs_code="7419.80",
    ),
    Showcase(
        "MRK-LAN-32", MARRAKECH, "metalwork", "lantern-brass",
        ("Brass pendant lamp, made to measure", "Suspension en laiton sur mesure", "Lámpara colgante de latón a medida",
         "ثريا معلقة من النحاس الأصفر حسب المقاس"),
        ("A pendant lamp for a dining table or a stairwell, pierced in the pattern of your choice and wired to the "
         "European or American standard. Made to order.",
         "Suspension pour une table ou une cage d'escalier, ajourée selon le motif de votre choix et câblée aux "
         "normes européennes ou américaines. Sur commande.",
         "Lámpara colgante para una mesa o una escalera, calada con el motivo que elija y cableada según la norma "
         "europea o americana. Por encargo.",
         "ثريا لمائدة الطعام أو للدرج، مخرّمة بالزخرفة التي تختارها وموصولة وفق المعيار الأوروبي أو الأمريكي. "
         "تُصنع حسب الطلب."),
        ("brass",), "Pierced brass, wired", 2500, (40, 40, 55),
        (({"diameter": "40 cm"}, "1450", 3), ({"diameter": "60 cm"}, "2300", 2)),
        hs_code="9405.19", lead_time_days=25,
    ),
    Showcase(
        "TIZ-FIB-33", TIZNIT, "jewellery", "fibula-silver",
        ("Tiznit silver fibulae with chain (tizerzai)", "Fibules de Tiznit en argent et leur chaîne (tizerzai)",
         "Fíbulas de Tiznit en plata con cadena (tizerzai)", "تزرزاي: مشبكان من فضة تيزنيت بسلسلتهما"),
        ("The pair of triangular brooches Amazigh women pin their drape with, joined by a chain and a medallion and "
         "set with green, yellow and red enamel. Solid, hallmarked silver.",
         "La paire de broches triangulaires qui retient le drapé des femmes amazighes, reliée par une chaîne et un "
         "médaillon, sertie d'émaux vert, jaune et rouge. Argent massif poinçonné.",
         "El par de broches triangulares con que las mujeres amazighes sujetan su manto, unidos por una cadena y un "
         "medallón, con esmaltes verde, amarillo y rojo. Plata maciza contrastada.",
         "زوج المشابك المثلثة التي تثبت بها النساء الأمازيغيات لحافهن، يربط بينهما سلسلة وميدالية، ومرصعة بالمينا "
         "الخضراء والصفراء والحمراء. فضة خالصة مدموغة."),
        ("silver",), "Cast and chased silver, cloisonné enamel", 180, (14, 7, 1),
        (({"finish": "polished"}, "1850", 3), ({"finish": "with enamel"}, "2200", 2)),
    ),
    Showcase(
        "TIZ-PEN-34", TIZNIT, "jewellery", "fibula-silver",
        ("Enamelled silver pendant from Tiznit", "Pendentif émaillé en argent de Tiznit",
         "Colgante esmaltado de plata de Tiznit", "قلادة فضية بالمينا من تيزنيت"),
        ("A star-shaped pendant with cloisonné enamel in the colours of the Souss, on a 45 cm silver chain.",
         "Pendentif en étoile émaillé cloisonné aux couleurs du Souss, sur chaîne en argent de 45 cm.",
         "Colgante en forma de estrella con esmalte cloisonné en los colores del Sus, con cadena de plata de 45 cm.",
         "قلادة على شكل نجمة بالمينا المحجّرة بألوان سوس، بسلسلة فضية طولها 45 سم."),
        ("silver",), "Cloisonné enamel on silver", 40, (5, 5, 1),
        (({"chain": "45 cm"}, "680", 8),),
    ),
    Showcase(
        "TIZ-BRC-35", TIZNIT, "jewellery", "bracelet-silver",
        ("Engraved silver cuff bracelet", "Bracelet manchette en argent gravé", "Brazalete de plata grabado",
         "سوار عريض من الفضة المنقوشة"),
        ("A wide open cuff, chased with the lozenges and dots of Amazigh jewellery and set with small enamel studs. "
         "It adjusts gently to the wrist.",
         "Large manchette ouverte, ciselée des losanges et des points des bijoux amazighs, sertie de petits cabochons "
         "émaillés. S'ajuste doucement au poignet.",
         "Brazalete ancho y abierto, cincelado con los rombos y puntos de la joyería amazigh y con pequeños cabujones "
         "esmaltados. Se ajusta suavemente a la muñeca.",
         "سوار عريض مفتوح، منقوش بمعينات ونقاط الحلي الأمازيغية ومرصع بفصوص صغيرة من المينا. يُضبط برفق على "
         "المعصم."),
        ("silver",), "Chased silver, enamel studs", 75, (7, 6, 4),
        (({"finish": "polished"}, "890", 6), ({"finish": "oxidised"}, "890", 4)),
    ),
    Showcase(
        "TAM-ARG-36", TAMANAR, "argan", "argan-bottle",
        ("Pure cosmetic argan oil, cold-pressed", "Huile d'argan cosmétique pure, pressée à froid",
         "Aceite de argán cosmético puro, prensado en frío", "زيت الأركان التجميلي الخالص، معصور على البارد"),
        ("Kernels cracked by hand by the women of the cooperative and pressed cold, unroasted: for skin, hair and "
         "nails. Certified organic, in amber glass.",
         "Amandons concassés à la main par les femmes de la coopérative et pressés à froid, sans torréfaction : pour "
         "la peau, les cheveux et les ongles. Bio certifiée, en verre ambré.",
         "Almendras partidas a mano por las mujeres de la cooperativa y prensadas en frío, sin tostar: para la piel, "
         "el cabello y las uñas. Ecológico certificado, en vidrio ámbar.",
         "لوز كسرته نساء التعاونية يدوياً وعُصر على البارد دون تحميص: للبشرة والشعر والأظافر. عضوي معتمد، في زجاج "
         "كهرماني."),
        ("argan-oil",), "Hand-cracked kernels, cold-pressed", 180, (5, 5, 14),
        (({"volume": "50 ml"}, "120", 60), ({"volume": "100 ml"}, "210", 40)),
    ),
    Showcase(
        "TAM-ARG-37", TAMANAR, "argan", "argan-bottle",
        ("Roasted culinary argan oil", "Huile d'argan alimentaire torréfiée", "Aceite de argán culinario tostado",
         "زيت الأركان الغذائي المحمص"),
        ("Kernels roasted before pressing give this oil its hazelnut taste: on couscous and salads, or with bread and "
         "honey for breakfast. Not for cooking at high heat.",
         "Les amandons torréfiés avant pressage donnent à cette huile son goût de noisette : sur le couscous, les "
         "salades, ou avec pain et miel au petit déjeuner. Ne pas chauffer fort.",
         "Las almendras tostadas antes del prensado dan a este aceite su sabor a avellana: en el cuscús, las "
         "ensaladas o con pan y miel en el desayuno. No calentar a fuego fuerte.",
         "تحميص اللوز قبل العصر يمنح هذا الزيت نكهة البندق: على الكسكس والسلطات، أو مع الخبز والعسل في الفطور. "
         "لا يُسخَّن على نار قوية."),
        ("argan-oil",), "Roasted kernels, pressed", 300, (6, 6, 20),
        (({"volume": "100 ml"}, "140", 50), ({"volume": "250 ml"}, "310", 30)),
        handmade=False,
    ),
    Showcase(
        "TAM-AML-38", TAMANAR, "argan", "argan-jar",
        ("Amlou, almond and argan spread", "Amlou, pâte d'amandes et d'argan", "Amlou, crema de almendras y argán",
         "أملو باللوز والأركان"),
        ("Roasted almonds ground on the stone mill with argan oil and thyme honey: the spread of the Souss, eaten "
         "with bread. No added sugar or oil.",
         "Amandes grillées broyées au moulin de pierre avec l'huile d'argan et le miel de thym : la pâte à tartiner "
         "du Souss, à manger avec du pain. Sans sucre ni huile ajoutés.",
         "Almendras tostadas molidas en molino de piedra con aceite de argán y miel de tomillo: la crema para untar "
         "del Sus, con pan. Sin azúcar ni aceite añadidos.",
         "لوز محمص مطحون بالرحى الحجرية مع زيت الأركان وعسل الزعتر: دهن أهل سوس الذي يؤكل مع الخبز. دون سكر أو "
         "زيت مضاف."),
        ("argan-oil",), "Stone-ground", 300, (8, 8, 9),
        (({"weight": "250 g"}, "95", 40), ({"weight": "500 g"}, "170", 25)),
        hs_code="2008.19", handmade=False,
    ),
    Showcase(
        "TAM-BSK-39", TAMANAR, "basketry", "basket-natural",
        ("Doum palm market basket with leather handles", "Panier de marché en doum, anses en cuir",
         "Cesta de mercado de palmito con asas de cuero", "قفة السوق من الدوم بمقابض جلدية"),
        ("Coiled from dwarf-palm leaves gathered around Tamanar and fitted with leather handles: strong enough for a "
         "week's vegetables.",
         "Spiralé en feuilles de palmier nain cueillies autour de Tamanar, avec anses en cuir : assez solide pour les "
         "légumes de la semaine.",
         "Trenzado en espiral con hojas de palmito recogidas en los alrededores de Tamanar, con asas de cuero: "
         "resistente para la verdura de la semana.",
         "ملفوفة من سعف الدوم المقطوف حول تمنار ومزودة بمقابض جلدية: متينة بما يكفي لخضر الأسبوع."),
        ("palm", "leather"), "Coiled doum palm", 500, (45, 20, 35),
        (({"size": "one size"}, "160", 25),),
    ),
    Showcase(
        "ESS-BOX-40", ESSAOUIRA, "woodwork", "thuya-box",
        ("Thuya burl jewellery box with lemonwood inlay",
         "Coffret à bijoux en loupe de thuya, marqueterie de citronnier",
         "Joyero de raíz de tuya con marquetería de limonero", "علبة مجوهرات من جذور العرعار مرصعة بخشب الليمون"),
        ("Made from the burl of the thuya, a tree that grows only around Essaouira, and inlaid with lemonwood. The "
         "wood smells of cedar when you open it.",
         "Façonné dans la loupe du thuya, arbre qui ne pousse qu'autour d'Essaouira, et incrusté de citronnier. Le "
         "bois sent le cèdre quand on l'ouvre.",
         "Tallado en raíz de tuya, árbol que solo crece alrededor de Esauira, con marquetería de limonero. La madera "
         "huele a cedro al abrirlo.",
         "مصنوعة من جذور العرعار، الشجرة التي لا تنمو إلا حول الصويرة، ومرصعة بخشب الليمون. تفوح منها رائحة الأرز "
         "حين تُفتح."),
        ("thuya",), "Thuya burl, lemonwood marquetry", 450, (18, 12, 8),
        (({"length": "14 cm"}, "190", 15), ({"length": "20 cm"}, "320", 10), ({"length": "26 cm"}, "480", 6)),
    ),
    Showcase(
        "ESS-CHS-41", ESSAOUIRA, "woodwork", "thuya-chess",
        ("Thuya and lemonwood chessboard", "Échiquier en thuya et citronnier", "Tablero de ajedrez de tuya y limonero",
         "رقعة شطرنج من العرعار وخشب الليمون"),
        ("Sixty-four squares of dark thuya burl and pale lemonwood, assembled and varnished by hand in the skala of "
         "Essaouira. Pieces not included.",
         "Soixante-quatre cases de loupe de thuya foncée et de citronnier clair, assemblées et vernies à la main dans "
         "la skala d'Essaouira. Pièces non fournies.",
         "Sesenta y cuatro casillas de raíz de tuya oscura y limonero claro, ensambladas y barnizadas a mano en la "
         "skala de Esauira. Piezas no incluidas.",
         "أربعة وستون مربعاً من جذور العرعار الداكنة وخشب الليمون الفاتح، مجمعة ومطلية يدوياً في سقالة الصويرة. "
         "القطع غير مضمنة."),
        ("thuya", "cedar"), "Marquetry, hand-varnished", 1800, (40, 40, 4),
        (({"size": "40 cm"}, "780", 5), ({"size": "50 cm"}, "1150", 3)),
        hs_code="9504.90",
    ),
    Showcase(
        "ESS-BWL-42", ESSAOUIRA, "woodwork", "thuya-box",
        ("Thuya wood salad bowl", "Saladier en bois de thuya", "Ensaladera de madera de tuya",
         "سلطانية من خشب العرعار"),
        ("A salad bowl turned on the bow lathe from a single piece of thuya and finished with food-safe oil.",
         "Saladier tourné à l'archet dans une seule pièce de thuya et fini à l'huile alimentaire.",
         "Ensaladera torneada con torno de arco en una sola pieza de tuya y acabada con aceite alimentario.",
         "سلطانية مخروطة بالمخرطة القوسية من قطعة واحدة من العرعار ومطلية بزيت غذائي."),
        ("thuya",), "Bow-lathe turned", 700, (26, 26, 10),
        (({"diameter": "24 cm"}, "290", 8), ({"diameter": "30 cm"}, "420", 5)),
        hs_code="4419.90",
    ),
    Showcase(
        "FES-CAF-43", FES_SFIFA, "caftans", "caftan-emerald",
        ("Emerald silk caftan with sfifa trim", "Caftan en soie vert émeraude à sfifa",
         "Caftán de seda verde esmeralda con sfifa", "قفطان من الحرير الأخضر الزمردي بالسفيفة"),
        ("A caftan in emerald silk crepe, closed with a row of hand-knotted aakad buttons and edged in gold sfifa "
         "braid, with its embroidered belt. Made to your measurements.",
         "Caftan en crêpe de soie vert émeraude, fermé par une rangée de boutons aakad noués main et bordé de sfifa "
         "dorée, avec sa ceinture brodée. Fait à vos mesures.",
         "Caftán de crepé de seda verde esmeralda, cerrado con una fila de botones aakad anudados a mano y ribeteado "
         "con trenza sfifa dorada, con su cinturón bordado. Hecho a su medida.",
         "قفطان من كريب الحرير الأخضر الزمردي، يُغلق بصف من أزرار العقاد المعقودة يدوياً ومحاط بسفيفة ذهبية، مع "
         "حزامه المطرز. يُفصَّل على مقاسك."),
        ("silk",), "Hand-sewn, sfifa and aakad by hand", 1100, (120, 60, 4),
        (({"size": "S"}, "4800", 2), ({"size": "M"}, "4800", 2), ({"size": "L"}, "5200", 1)),
        lead_time_days=30,
    ),
    Showcase(
        "FES-CAF-44", FES_SFIFA, "caftans", "caftan-saffron",
        ("Saffron cotton caftan for every day", "Caftan d'intérieur en coton safran",
         "Caftán de algodón azafrán para diario", "قفطان قطني زعفراني للاستعمال اليومي"),
        ("A light cotton caftan to wear at home or in summer, saffron yellow with a madder-red sfifa down the front.",
         "Caftan léger en coton à porter à la maison ou l'été, jaune safran avec une sfifa rouge garance sur le "
         "devant.",
         "Caftán ligero de algodón para casa o para el verano, amarillo azafrán con una sfifa rojo rubia en la parte "
         "delantera.",
         "قفطان قطني خفيف للبيت أو للصيف، بالأصفر الزعفراني مع سفيفة حمراء فوية على الصدر."),
        ("cotton",), "Machine-sewn, sfifa by hand", 600, (115, 55, 3),
        (({"size": "S"}, "890", 6), ({"size": "M"}, "890", 8), ({"size": "L"}, "890", 5)),
        handmade=False,
    ),
    Showcase(
        "FES-DJL-45", FES_SFIFA, "djellabas", "djellaba-indigo",
        ("Midnight-blue women's djellaba", "Djellaba femme bleu nuit", "Chilaba de mujer azul noche",
         "جلابة نسائية زرقاء ليلية"),
        ("A fine wool-blend djellaba in midnight blue, the hood lined and the edges finished with white sfifa, for "
         "going out and for holidays.",
         "Djellaba en lainage fin bleu nuit, capuche doublée et bords finis de sfifa blanche, pour sortir et pour "
         "les fêtes.",
         "Chilaba de lana fina azul noche, capucha forrada y bordes rematados con sfifa blanca, para salir y para las "
         "fiestas.",
         "جلابة من الصوف الرقيق باللون الأزرق الليلي، بقبّ مبطن وحواف مزينة بسفيفة بيضاء، للخروج وللأعياد."),
        ("wool",), "Hand-finished, sfifa trim", 1000, (140, 60, 3),
        (({"size": "S"}, "1350", 3), ({"size": "M"}, "1350", 5), ({"size": "L"}, "1350", 4)),
    ),
    Showcase(
        "FES-TBL-46", FES_SFIFA, "textiles", "cushion-embroidered",
        ("Fes-embroidered tablecloth", "Nappe brodée de Fès", "Mantel bordado de Fez", "مفرش مائدة بطرز فاسي"),
        ("White cotton tablecloth embroidered in Fes stitch, the counted, reversible 'terz fassi' that looks the same "
         "on both sides.",
         "Nappe en coton blanc brodée au point de Fès, le « terz fassi » compté et réversible, identique des deux "
         "côtés.",
         "Mantel de algodón blanco bordado con punto de Fez, el «terz fassi» contado y reversible, igual por ambas "
         "caras.",
         "مفرش من القطن الأبيض مطرز بالطرز الفاسي المعدود، الذي يبدو متطابقاً على الوجهين."),
        ("cotton",), "Counted-thread Fes embroidery", 900, (180, 140, 0.5),
        (({"size": "140 × 180 cm"}, "1200", 4), ({"size": "160 × 240 cm"}, "1650", 2)),
        hs_code="6302.51",
    ),
]  # fmt: skip


def _showcase_seed(*, reviewer, pool) -> int:
    """Create the showcase products that do not exist yet, through the services."""
    existing = set(Product.objects.filter(slug__in=[item.slug for item in SHOWCASE]).values_list("slug", flat=True))
    wanted = [item for item in SHOWCASE if item.slug not in existing]
    if not wanted:
        return 0
    artisans = _verified_makers()
    categories = {category.slug: category for category in Category.objects.all()}
    materials = {material.slug: material for material in Material.objects.all()}
    created = 0
    for item in wanted:
        artisan = artisans.get(item.artisan)
        if artisan is None:
            continue
        length, width, height = (Decimal(str(value)) for value in item.size_cm)
        with transaction.atomic():
            product = services.product_create(
                artisan=artisan,
                actor=artisan.user,
                materials=[materials[slug] for slug in item.materials],
                variants=[
                    {
                        "sku": f"{item.code}-{number}",
                        "options": options,
                        "price_mad": Decimal(price),
                        "stock": stock,
                        "position": number - 1,
                    }
                    for number, (options, price, stock) in enumerate(item.variants, start=1)
                ],
                category=categories[item.category],
                **{f"title_{language}": text for language, text in zip(LANGUAGES, item.title, strict=True)},
                **{f"description_{language}": text for language, text in zip(LANGUAGES, item.description, strict=True)},
                original_language=artisan.user.preferred_language,
                technique=item.technique,
                made_to_order=item.lead_time_days > 0,
                lead_time_days=item.lead_time_days,
                hs_code=item.hs_code,
                weight_grams=item.weight_grams,
                length_cm=length,
                width_cm=width,
                height_cm=height,
            )
            if product.slug != item.slug:  # free (checked above): keep the key stable
                Product.objects.filter(pk=product.pk).update(slug=item.slug)
            photo = pool[item.motif]
            ProductPhoto.objects.bulk_create(
                _photo_rows(product.pk, dict(zip(LANGUAGES, item.title, strict=True)), [photo])
            )
            Product.objects.filter(pk=product.pk).update(thumbnail=photo.thumbnail)
            services.product_submit(product=product, actor=artisan.user)
            services.product_approve(product=product, actor=reviewer, reason="Demo data")
            if item.handmade:
                services.product_set_handmade_mark(product=product, actor=reviewer, granted=True)
        created += 1
    return created


def _verified_makers() -> dict[str, ArtisanProfile]:
    return {
        artisan.user.email: artisan
        for artisan in ArtisanProfile.objects.select_related("user").filter(
            user__email__in=MAKERS, verification_status=VerificationStatus.VERIFIED
        )
    }


# --- generated products: word lists per category ---------------------------


@dataclass(frozen=True)
class Kind:
    name: tuple[str, str, str, str]  # en, fr, es, ar
    category: str
    motifs: tuple[str, ...]
    materials: tuple[str, ...]
    price: tuple[int, int]  # MAD, for the smallest variant
    weight_grams: int
    size_cm: tuple[float, float, float]
    axis: str  # key of AXES: what the variants differ in
    hs_code: str = ""  # empty: the category's


@dataclass(frozen=True)
class Place:
    name: tuple[str, str, str, str]
    inside: tuple[str, str, str, str]  # "in Safi", "à Safi"...
    maker: str  # e-mail of the demo artisan who works there


@dataclass(frozen=True)
class Group:
    share: int  # products in every 25 (the export mix, in 4 % steps)
    kinds: tuple[Kind, ...]
    places: tuple[Place, ...]
    styles: tuple[tuple[str, str, str, str], ...]
    techniques: tuple[tuple[str, str, str, str], ...]
    details: tuple[tuple[str, str, str, str], ...]
    care: tuple[str, str, str, str]
    made_to_order: float = 0.08  # share of products made to order
    lead_time_days: tuple[int, int] = (7, 21)
    stock: tuple[int, int] = (2, 30)


# axis: [(options, price factor)]; the variants of a product are 1-3 neighbours.
AXES = {
    "diameter": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((20, 0.8), (26, 1.0), (32, 1.35), (38, 1.8))],
    "height": [({"height": f"{cm} cm"}, factor) for cm, factor in ((25, 1.0), (35, 1.5), (45, 2.1))],
    "pieces": [({"pieces": str(count)}, factor) for count, factor in ((2, 0.55), (4, 1.0), (6, 1.45))],
    "rug": [({"size": size}, factor) for size, factor in
            (("120 × 180 cm", 1.0), ("160 × 230 cm", 1.7), ("200 × 300 cm", 2.8), ("250 × 350 cm", 4.0))],
    "runner": [({"size": size}, factor) for size, factor in (("70 × 250 cm", 1.0), ("80 × 350 cm", 1.5))],
    "clothing": [({"size": size}, factor) for size, factor in (("S", 1.0), ("M", 1.0), ("L", 1.0), ("XL", 1.08))],
    "shoe": [({"size": str(size)}, 1.0) for size in range(37, 46)],
    "leather": [({"colour": colour}, factor) for colour, factor in
                (("tan", 1.0), ("cognac", 1.0), ("black", 1.05), ("saffron", 1.0))],
    "tray": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((40, 1.0), (50, 1.4), (60, 1.9))],
    "box": [({"length": f"{cm} cm"}, factor) for cm, factor in ((12, 1.0), (18, 1.6), (25, 2.4))],
    "board": [({"size": f"{cm} cm"}, factor) for cm, factor in ((35, 1.0), (45, 1.45))],
    "finish": [({"finish": finish}, factor) for finish, factor in
               (("polished", 1.0), ("oxidised", 1.0), ("with enamel", 1.25))],
    "table": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((60, 1.0), (80, 1.45), (100, 2.0))],
    "area": [({"area": f"{m2} m²"}, m2) for m2 in (1, 2, 4)],
    "single": [({"size": "one size"}, 1.0)],
    "cushion": [({"size": size}, factor) for size, factor in (("40 × 40 cm", 1.0), ("50 × 50 cm", 1.25))],
    "throw": [({"size": size}, factor) for size, factor in (("100 × 200 cm", 1.0), ("150 × 250 cm", 1.5))],
    "basket": [({"size": size}, factor) for size, factor in (("S", 1.0), ("M", 1.4), ("L", 1.9))],
    "volume": [({"volume": volume}, factor) for volume, factor in (("50 ml", 1.0), ("100 ml", 1.8), ("250 ml", 3.9))],
    "jar": [({"weight": weight}, factor) for weight, factor in (("250 g", 1.0), ("500 g", 1.8))],
}  # fmt: skip


def _place(name, inside, maker):
    return Place(name, inside, maker)


SAFI_PLACE = _place(("Safi", "Safi", "Safi", "آسفي"), ("in Safi", "à Safi", "en Safi", "في آسفي"), SAFI)
FES_POTTERY = _place(("Fes", "Fès", "Fez", "فاس"), ("in Fes", "à Fès", "en Fez", "في فاس"), FES_ZELLIGE)
FES_SEWING = _place(("Fes", "Fès", "Fez", "فاس"), ("in Fes", "à Fès", "en Fez", "في فاس"), FES_SFIFA)
AZILAL_PLACE = _place(("Azilal", "Azilal", "Azilal", "أزيلال"), ("in Azilal", "à Azilal", "en Azilal", "في أزيلال"),
                      AZILAL)  # fmt: skip
MIDDLE_ATLAS = _place(
    ("Middle Atlas", "Moyen Atlas", "Atlas Medio", "الأطلس المتوسط"),
    ("in the Middle Atlas", "dans le Moyen Atlas", "en el Atlas Medio", "في الأطلس المتوسط"), AZROU,
)  # fmt: skip
MARRAKECH_PLACE = _place(("Marrakech", "Marrakech", "Marrakech", "مراكش"),
                         ("in Marrakech", "à Marrakech", "en Marrakech", "في مراكش"), MARRAKECH)  # fmt: skip
TIZNIT_PLACE = _place(("Tiznit", "Tiznit", "Tiznit", "تيزنيت"), ("in Tiznit", "à Tiznit", "en Tiznit", "في تيزنيت"),
                      TIZNIT)  # fmt: skip
ESSAOUIRA_PLACE = _place(("Essaouira", "Essaouira", "Esauira", "الصويرة"),
                         ("in Essaouira", "à Essaouira", "en Esauira", "في الصويرة"), ESSAOUIRA)  # fmt: skip
TAMANAR_PLACE = _place(("Tamanar", "Tamanar", "Tamanar", "تمنار"),
                       ("in Tamanar", "à Tamanar", "en Tamanar", "في تمنار"), TAMANAR)  # fmt: skip

GROUPS = {
    "pottery": Group(
        9,
        (
            Kind(("tagine", "tajine", "tajín", "طاجين"), "tagines-tableware",
                 ("tagine-cobalt", "tagine-green", "tagine-amazigh"), ("clay",), (160, 420), 1800, (28, 28, 24),
                 "diameter"),
            Kind(("serving platter", "plat de service", "fuente", "طبق تقديم"), "tagines-tableware",
                 ("plate-fes-blue", "plate-safi-ochre"), ("clay",), (120, 380), 1400, (34, 34, 5), "diameter"),
            Kind(("set of bowls", "service de bols", "juego de cuencos", "طقم أوعية"), "tagines-tableware",
                 ("bowls-safi",), ("clay",), (140, 360), 1500, (14, 14, 7), "pieces"),
            Kind(("vase", "vase", "jarrón", "مزهرية"), "decorative-ceramics",
                 ("vase-green", "vase-lustre", "vase-fes-blue"), ("clay",), (250, 900), 2200, (20, 20, 32), "height"),
            Kind(("wall plate", "assiette murale", "plato de pared", "صحن حائطي"), "decorative-ceramics",
                 ("plate-lustre", "plate-fes-blue", "plate-safi-ochre"), ("clay",), (200, 650), 1100, (32, 32, 4),
                 "diameter"),
            Kind(("lidded jar", "pot à couvercle", "tarro con tapa", "جرة بغطاء"), "decorative-ceramics",
                 ("vase-fes-blue", "vase-lustre"), ("clay",), (220, 780), 1500, (18, 18, 24), "height"),
        ),
        (SAFI_PLACE, SAFI_PLACE, FES_POTTERY),
        (
            ("with Amazigh motifs", "à motifs amazighs", "con motivos amazighes", "بزخارف أمازيغية"),
            ("with cobalt arabesques", "aux arabesques de cobalt", "con arabescos de cobalto", "بتوريقات كوبالتية"),
            ("in green glaze", "à l'émail vert", "con esmalte verde", "بطلاء أخضر"),
            ("with geometric patterns", "à motifs géométriques", "con motivos geométricos", "بنقوش هندسية"),
            ("with floral patterns", "à motifs floraux", "con motivos florales", "بزخارف نباتية"),
            ("with metallic lustre", "à reflets métalliques", "con reflejos metálicos", "ببريق معدني"),
            (", ochre and black", ", ocre et noir", ", ocre y negro", "، أصفر مغري وأسود"),
        ),
        (
            ("thrown on the wheel from local clay and fired in a wood kiln",
             "tourné dans l'argile locale et cuit au four à bois",
             "torneado con arcilla local y cocido en horno de leña",
             "مشكّل على الدولاب من طين محلي ومطهو في فرن الحطب"),
            ("painted with a fine brush and glazed without lead", "peint au pinceau fin et émaillé sans plomb",
             "pintado con pincel fino y esmaltado sin plomo", "مرسوم بريشة دقيقة ومطلي بطلاء خالٍ من الرصاص"),
        ),
        (
            ("The lead-free glaze is safe for food.", "L'émail sans plomb convient au contact alimentaire.",
             "El esmalte sin plomo es apto para alimentos.", "الطلاء خالٍ من الرصاص وصالح للطعام."),
            ("The decoration is painted freehand, without a stencil.", "Le décor est peint à main levée, sans pochoir.",
             "La decoración se pinta a mano alzada, sin plantilla.", "تُرسم الزخرفة بيد حرة دون قالب."),
        ),
        ("Wash by hand; avoid sudden changes of temperature.", "Lavage à la main ; éviter les chocs thermiques.",
         "Lavar a mano; evitar los cambios bruscos de temperatura.",
         "يُغسل باليد، ويُتجنب تعريضه لتغير مفاجئ في الحرارة."),
    ),
    "carpets": Group(
        5,
        (
            Kind(("hand-knotted rug", "tapis noué main", "alfombra anudada a mano", "زربية معقودة يدوياً"),
                 "knotted-carpets", ("rug-azilal", "rug-beni-mguild", "rug-beni-ourain"), ("wool",), (2500, 7000),
                 9000, (230, 160, 1.5), "rug"),
            Kind(("runner", "tapis de couloir", "alfombra de pasillo", "زربية ممر"), "knotted-carpets",
                 ("rug-beni-ourain", "rug-azilal"), ("wool",), (1800, 4200), 5000, (250, 70, 1.5), "runner"),
            Kind(("kilim", "kilim", "kilim", "حنبل"), "kilims", ("kilim-stripes",), ("wool", "cotton"), (1200, 3800),
                 5500, (180, 120, 0.5), "rug"),
            Kind(("boucherouite rug", "tapis boucherouite", "alfombra boucherouite", "زربية بوشرويط"),
                 "knotted-carpets", ("rug-boucherouite",), ("cotton",), (900, 2400), 4000, (180, 120, 1.5), "rug",
                 hs_code="5705.00"),
        ),
        (AZILAL_PLACE, MIDDLE_ATLAS),
        (
            ("with black lozenges", "à losanges noirs", "con rombos negros", "بمعينات سوداء"),
            (", saffron and indigo", ", safran et indigo", ", azafrán e índigo", "، زعفراني ونيلي"),
            ("with Amazigh symbols", "aux symboles amazighs", "con símbolos amazighes", "برموز أمازيغية"),
            ("in undyed wool", "en laine non teinte", "de lana sin teñir", "من الصوف غير المصبوغ"),
            ("with zigzag bands", "à bandes en zigzag", "con franjas en zigzag", "بأشرطة متعرجة"),
            (", madder red", ", rouge garance", ", rojo rubia", "، أحمر فوّي"),
        ),
        (
            ("on a vertical loom, in hand-spun sheep's wool", "sur métier vertical, en laine de mouton filée à la main",
             "en telar vertical, con lana de oveja hilada a mano", "على منسج عمودي، من صوف الغنم المغزول يدوياً"),
            ("in wool coloured with henna, madder and indigo",
             "en laine teinte au henné, à la garance et à l'indigo",
             "con lana teñida con henna, rubia e índigo", "من صوف مصبوغ بالحناء والفوة والنيلة"),
        ),
        (
            ("Every rug is a single piece: the weaver chooses her signs as she goes.",
             "Chaque tapis est unique : la tisserande choisit ses signes au fil du travail.",
             "Cada alfombra es única: la tejedora elige sus signos sobre la marcha.",
             "كل زربية فريدة: تختار النساجة رموزها أثناء العمل."),
            ("It takes one weaver about a month for each square metre.",
             "Il faut environ un mois à une tisserande pour chaque mètre carré.",
             "Una tejedora tarda alrededor de un mes por cada metro cuadrado.",
             "تحتاج النساجة نحو شهر لكل متر مربع."),
        ),
        ("Vacuum without the beater brush; have it cleaned by a professional.",
         "Aspirer sans brosse rotative ; nettoyage par un professionnel.",
         "Aspirar sin cepillo giratorio; limpieza profesional.", "يُنظف بالمكنسة دون فرشاة دوارة، ويُغسل لدى مختص."),
        made_to_order=0.3, lead_time_days=(30, 75), stock=(1, 3),
    ),
    "clothing": Group(
        3,
        (
            Kind(("caftan", "caftan", "caftán", "قفطان"), "caftans", ("caftan-emerald", "caftan-saffron"),
                 ("silk", "cotton"), (1800, 5500), 900, (120, 60, 3), "clothing"),
            Kind(("takchita", "takchita", "takchita", "تكشيطة"), "caftans", ("caftan-emerald", "caftan-saffron"),
                 ("silk",), (2800, 7500), 1300, (125, 60, 4), "clothing"),
            Kind(("djellaba", "djellaba", "chilaba", "جلابة"), "djellabas", ("djellaba-wool", "djellaba-indigo"),
                 ("wool",), (700, 2400), 1100, (140, 60, 3), "clothing"),
            Kind(("gandoura", "gandoura", "gandura", "قندورة"), "djellabas", ("djellaba-indigo", "djellaba-wool"),
                 ("cotton",), (350, 900), 500, (130, 55, 2), "clothing"),
        ),
        (FES_SEWING,),
        (
            ("with hand-braided sfifa", "à sfifa tressée main", "con sfifa trenzada a mano", "بسفيفة مضفورة يدوياً"),
            (", emerald green", ", vert émeraude", ", verde esmeralda", "، أخضر زمردي"),
            ("with gold embroidery", "à broderies dorées", "con bordados dorados", "بتطريز ذهبي"),
            (", midnight blue", ", bleu nuit", ", azul noche", "، أزرق ليلي"),
            ("with aakad buttons", "à boutons aakad", "con botones aakad", "بأزرار العقاد"),
            (", ivory", ", ivoire", ", marfil", "، عاجي"),
        ),
        (
            ("cut and sewn by hand, the seams finished with traditional needlework",
             "coupé et cousu à la main, coutures finies au point traditionnel",
             "cortado y cosido a mano, con las costuras rematadas a punto tradicional",
             "مفصّل ومخيط يدوياً، بدرزات مشطّبة بالغرزة التقليدية"),
            ("with the trim braided and the buttons knotted by hand", "avec sfifa tressée et boutons noués à la main",
             "con el ribete trenzado y los botones anudados a mano",
             "بسفيفة مضفورة وأزرار معقودة يدوياً"),
        ),
        (
            ("The cut is generous: take your usual size.", "La coupe est ample : prenez votre taille habituelle.",
             "El corte es amplio: elija su talla habitual.", "القَصّة واسعة: اختر مقاسك المعتاد."),
            ("Other colours can be sewn to order.", "D'autres couleurs peuvent être cousues sur commande.",
             "Se pueden coser otros colores por encargo.", "يمكن خياطة ألوان أخرى حسب الطلب."),
        ),
        ("Dry clean or hand wash cold.", "Nettoyage à sec ou lavage à la main à froid.",
         "Limpieza en seco o lavado a mano en frío.", "تنظيف جاف أو غسل يدوي بالماء البارد."),
        made_to_order=0.25, lead_time_days=(14, 35), stock=(1, 10),
    ),
    "leather": Group(
        1,
        (
            Kind(("babouches", "babouches", "babuchas", "بلغة"), "babouches",
                 ("babouche-yellow", "babouche-embroidered"), ("leather",), (180, 480), 500, (29, 11, 8), "shoe"),
            Kind(("leather tote bag", "cabas en cuir", "bolso cabás de cuero", "حقيبة جلدية"), "leather-bags",
                 ("bag-tan",), ("leather", "cotton"), (450, 1600), 900, (40, 12, 32), "leather"),
            Kind(("leather pouch", "pochette en cuir", "bolso de mano de cuero", "محفظة جلدية"), "leather-bags",
                 ("bag-tan",), ("leather",), (150, 450), 250, (24, 3, 16), "leather", hs_code="4202.31"),
            Kind(("leather pouf", "pouf en cuir", "puf de cuero", "بوف جلدي"), "poufs", ("pouf-brown",),
                 ("leather",), (450, 1100), 1700, (55, 55, 30), "leather", hs_code="4205.00"),
        ),
        (MARRAKECH_PLACE,),
        (
            (", saffron yellow", ", jaune safran", ", amarillo azafrán", "، أصفر زعفراني"),
            ("with hand embroidery", "à broderie main", "con bordado a mano", "بتطريز يدوي"),
            ("in natural tan leather", "en cuir fauve naturel", "de cuero natural", "من الجلد الطبيعي"),
            ("with Amazigh stitching", "à coutures amazighes", "con costuras amazighes", "بخياطة أمازيغية"),
        ),
        (
            ("in goat leather tanned with plant dyes in the old tanneries",
             "en cuir de chèvre tanné aux végétaux dans les anciennes tanneries",
             "en cuero de cabra curtido con tintes vegetales en las antiguas curtidurías",
             "من جلد الماعز المدبوغ بمواد نباتية في الدباغات العتيقة"),
        ),
        (
            ("The leather is cut, stitched and finished in one workshop.",
             "Le cuir est coupé, cousu et fini dans un seul atelier.",
             "El cuero se corta, se cose y se acaba en un mismo taller.", "يُقص الجلد ويُخاط ويُشطّب في ورشة واحدة."),
        ),
        ("Feed the leather with a neutral wax; keep it away from rain.",
         "Nourrir le cuir avec une cire neutre ; éviter la pluie.",
         "Nutrir el cuero con cera neutra; evitar la lluvia.", "يُغذى الجلد بشمع محايد ويُبعد عن المطر."),
    ),
    "metalwork": Group(
        1,
        (
            Kind(("lantern", "lanterne", "farol", "فانوس"), "metalwork", ("lantern-brass",), ("brass",), (350, 1200),
                 1500, (20, 20, 45), "height"),
            Kind(("tea tray", "plateau à thé", "bandeja de té", "صينية شاي"), "metalwork", ("tray-brass",),
                 ("brass",), (400, 1100), 2000, (40, 40, 3), "tray", hs_code="7419.80"),
            Kind(("copper basin", "bassine en cuivre", "palangana de cobre", "طست نحاسي"), "metalwork",
                 ("tray-brass",), ("copper",), (500, 1400), 2500, (40, 40, 12), "tray", hs_code="7418.10"),
        ),
        (MARRAKECH_PLACE,),
        (
            ("with star piercings", "aux ajours en étoiles", "con calados de estrellas", "بثقوب نجمية"),
            ("with hand-chased arabesques", "aux arabesques ciselées main", "con arabescos cincelados a mano",
             "بتوريقات منقوشة يدوياً"),
            ("with geometric piercings", "aux ajours géométriques", "con calados geométricos", "بثقوب هندسية"),
            ("with an aged patina", "à patine ancienne", "con pátina antigua", "بلون عتيق"),
        ),
        (
            ("hammered, pierced and chased by hand", "martelé, ajouré et ciselé à la main",
             "martillado, calado y cincelado a mano", "مطروق ومخرّم ومنقوش يدوياً"),
        ),
        (
            ("Each motif is drawn on the metal before it is cut.",
             "Chaque motif est tracé sur le métal avant d'être découpé.",
             "Cada motivo se dibuja en el metal antes de cortarlo.", "يُرسم كل نقش على المعدن قبل قصّه."),
        ),
        ("Polish with a dry cloth; brass darkens gracefully with time.",
         "Polir avec un chiffon sec ; le laiton se patine avec le temps.",
         "Pulir con un paño seco; el latón adquiere pátina con el tiempo.",
         "يُلمّع بقطعة قماش جافة، ويكتسب النحاس لوناً عتيقاً مع الزمن."),
    ),
    "woodwork": Group(
        1,
        (
            Kind(("jewellery box", "coffret à bijoux", "joyero", "علبة مجوهرات"), "woodwork", ("thuya-box",),
                 ("thuya",), (150, 500), 450, (12, 8, 6), "box"),
            Kind(("chessboard", "échiquier", "tablero de ajedrez", "رقعة شطرنج"), "woodwork", ("thuya-chess",),
                 ("thuya", "cedar"), (600, 1600), 1800, (35, 35, 4), "board", hs_code="9504.90"),
            Kind(("salad bowl", "saladier", "ensaladera", "سلطانية"), "woodwork", ("thuya-box",), ("thuya",),
                 (200, 520), 700, (24, 24, 10), "diameter", hs_code="4419.90"),
        ),
        (ESSAOUIRA_PLACE,),
        (
            ("with lemonwood marquetry", "à marqueterie de citronnier", "con marquetería de limonero",
             "بترصيع من خشب الليمون"),
            ("in thuya burl", "en loupe de thuya", "de raíz de tuya", "من جذور العرعار"),
            ("with mother-of-pearl inlay", "à incrustations de nacre", "con incrustaciones de nácar", "بتطعيم الصدف"),
            ("with ebony stringing", "à filets d'ébène", "con filetes de ébano", "بخيوط من الأبنوس"),
        ),
        (
            ("turned and polished from the burl of the thuya, a tree that grows only around Essaouira",
             "tourné et poli dans la loupe du thuya, arbre qui ne pousse qu'autour d'Essaouira",
             "torneado y pulido en raíz de tuya, árbol que solo crece alrededor de Esauira",
             "مخروط ومصقول من جذور العرعار، الشجرة التي لا تنمو إلا حول الصويرة"),
        ),
        (
            ("The wood keeps a light scent of cedar.", "Le bois garde un léger parfum de cèdre.",
             "La madera conserva un ligero aroma a cedro.", "يحتفظ الخشب برائحة خفيفة من الأرز."),
        ),
        ("Wipe with a dry cloth; a drop of oil brings the grain back to life.",
         "Essuyer avec un chiffon sec ; une goutte d'huile ravive le veinage.",
         "Limpiar con un paño seco; una gota de aceite reaviva la veta.",
         "يُمسح بقطعة قماش جافة، وقطرة زيت تعيد الحياة إلى عروق الخشب."),
    ),
    "jewellery": Group(
        1,
        (
            Kind(("fibula", "fibule", "fíbula", "مشبك"), "jewellery", ("fibula-silver",), ("silver",), (600, 2400),
                 120, (12, 6, 1), "finish"),
            Kind(("cuff bracelet", "bracelet manchette", "brazalete", "سوار"), "jewellery", ("bracelet-silver",),
                 ("silver",), (450, 1600), 80, (7, 6, 4), "finish"),
            Kind(("necklace", "collier", "collar", "قلادة"), "jewellery", ("fibula-silver",), ("silver",),
                 (700, 3000), 150, (45, 3, 1), "finish"),
            Kind(("pair of earrings", "paire de boucles d'oreilles", "par de pendientes", "زوج أقراط"), "jewellery",
                 ("bracelet-silver", "fibula-silver"), ("silver",), (250, 900), 30, (5, 2, 1), "finish"),
        ),
        (TIZNIT_PLACE,),
        (
            ("with cloisonné enamel", "à l'émail cloisonné", "con esmalte cloisonné", "بالمينا المحجّرة"),
            ("with engraved Amazigh symbols", "aux symboles amazighs gravés", "con símbolos amazighes grabados",
             "برموز أمازيغية منقوشة"),
            ("with coral beads", "aux perles de corail", "con cuentas de coral", "بحبات المرجان"),
            ("with amazonite", "à l'amazonite", "con amazonita", "بحجر الأمازونيت"),
        ),
        (
            ("cast and chased in solid silver in the Tiznit tradition",
             "coulé et ciselé en argent massif selon la tradition de Tiznit",
             "fundido y cincelado en plata maciza según la tradición de Tiznit",
             "مصبوب ومنقوش من الفضة الخالصة وفق تقاليد تيزنيت"),
        ),
        (
            ("The silver is hallmarked by the Moroccan assay office.",
             "L'argent est poinçonné par le bureau de garantie marocain.",
             "La plata lleva el contraste de la oficina de garantía marroquí.",
             "الفضة مدموغة من مصلحة الضمان المغربية."),
        ),
        ("Store in its pouch; polish with a silver cloth.",
         "À ranger dans sa pochette ; à lustrer avec un chiffon pour argent.",
         "Guardar en su bolsita; pulir con un paño para plata.", "يُحفظ في كيسه ويُلمّع بقطعة قماش خاصة بالفضة."),
    ),
    "zellige": Group(
        1,
        (
            Kind(("mosaic table", "table en zellige", "mesa de zellige", "طاولة زليج"), "zellige",
                 ("zellige-table",), ("clay",), (2800, 6500), 25000, (60, 60, 45), "table", hs_code="9403.89"),
            Kind(("zellige panel", "panneau de zellige", "panel de zellige", "لوحة زليج"), "zellige",
                 ("zellige-green", "zellige-blue"), ("clay",), (900, 1600), 28000, (100, 100, 1.5), "area"),
            Kind(("wall fountain", "fontaine murale", "fuente de pared", "نافورة حائطية"), "zellige",
                 ("zellige-blue", "zellige-green"), ("clay",), (4500, 12000), 60000, (80, 35, 120), "single",
                 hs_code="6914.90"),
        ),
        (FES_POTTERY,),
        (
            ("with eight-pointed stars", "à étoiles à huit branches", "con estrellas de ocho puntas", "بنجوم ثمانية"),
            (", emerald and white", ", vert émeraude et blanc", ", verde esmeralda y blanco", "، أخضر زمردي وأبيض"),
            (", cobalt and honey", ", cobalt et miel", ", cobalto y miel", "، كوبالتي وعسلي"),
            ("with a rosette", "à rosace", "con rosetón", "بزخرفة الوردة"),
        ),
        (
            ("cut tile by tile with the menqach hammer from glazed Fes clay",
             "taillé pièce par pièce au marteau menqach dans la terre émaillée de Fès",
             "tallado pieza a pieza con el martillo menqach en barro esmaltado de Fez",
             "مقطّع قطعة قطعة بالمنقاش من طين فاس المطلي"),
        ),
        (
            ("The pieces are set face down, then cast in mortar.",
             "Les pièces sont posées face contre terre, puis coulées dans le mortier.",
             "Las piezas se colocan boca abajo y luego se vierten en mortero.",
             "تُصفّ القطع مقلوبة ثم تُصب في الملاط."),
        ),
        ("Clean with water and black soap; seal the joints once a year outdoors.",
         "Nettoyer à l'eau et au savon noir ; traiter les joints une fois par an en extérieur.",
         "Limpiar con agua y jabón negro; sellar las juntas una vez al año en exterior.",
         "يُنظف بالماء والصابون البلدي، وتُعالج الفواصل مرة في السنة في الأماكن المكشوفة."),
        made_to_order=0.5, lead_time_days=(21, 60), stock=(1, 4),
    ),
    "textiles": Group(
        1,
        (
            Kind(("handira blanket", "couverture handira", "manta handira", "حنديرة"), "textiles",
                 ("handira-sequins",), ("wool", "cotton"), (1500, 4200), 2500, (200, 100, 1), "throw",
                 hs_code="6301.20"),
            Kind(("cushion cover", "housse de coussin", "funda de cojín", "غطاء وسادة"), "textiles",
                 ("cushion-embroidered",), ("cotton",), (180, 450), 300, (40, 40, 1), "cushion"),
            Kind(("tablecloth", "nappe", "mantel", "مفرش مائدة"), "textiles", ("cushion-embroidered",), ("cotton",),
                 (450, 1400), 800, (180, 140, 0.5), "throw", hs_code="6302.51"),
        ),
        (AZILAL_PLACE, MIDDLE_ATLAS, FES_SEWING),
        (
            ("with sequins", "à sequins", "con lentejuelas", "بالترتر"),
            ("with Fes embroidery", "à broderie de Fès", "con bordado de Fez", "بطرز فاسي"),
            ("with indigo stripes", "à rayures indigo", "con rayas índigo", "بخطوط نيلية"),
            ("in natural cotton", "en coton naturel", "de algodón natural", "من القطن الطبيعي"),
        ),
        (
            ("woven on a horizontal loom and finished by hand", "tissé sur métier horizontal et fini à la main",
             "tejido en telar horizontal y acabado a mano", "منسوج على منسج أفقي ومشطّب يدوياً"),
        ),
        (
            ("The yarn is spun and dyed by the cooperative's women.",
             "Le fil est filé et teint par les femmes de la coopérative.",
             "El hilo lo hilan y tiñen las mujeres de la cooperativa.", "تغزل نساء التعاونية الخيط وتصبغنه."),
        ),
        ("Hand wash cold; dry flat.", "Lavage à la main à froid ; sécher à plat.",
         "Lavar a mano en frío; secar en plano.", "يُغسل يدوياً بالماء البارد ويُجفف ممدوداً."),
    ),
    "basketry": Group(
        1,
        (
            Kind(("basket", "panier", "cesta", "سلة"), "basketry", ("basket-natural", "basket-colour"), ("palm",),
                 (120, 300), 400, (35, 25, 30), "basket"),
            Kind(("beach bag", "cabas de plage", "capazo", "قفة"), "basketry", ("basket-colour", "basket-natural"),
                 ("palm", "leather"), (150, 420), 350, (45, 15, 35), "single"),
            Kind(("bread basket", "panière à pain", "panera", "طبق خبز"), "basketry", ("basket-natural",), ("palm",),
                 (90, 220), 250, (30, 30, 20), "basket"),
        ),
        (TAMANAR_PLACE, AZILAL_PLACE),
        (
            ("with leather handles", "à anses en cuir", "con asas de cuero", "بمقابض جلدية"),
            ("with wool pompoms", "à pompons de laine", "con pompones de lana", "بكريات صوفية"),
            ("in natural doum palm", "en doum naturel", "de palmito natural", "من الدوم الطبيعي"),
            ("with woven patterns", "à motifs tressés", "con motivos trenzados", "بنقوش مضفورة"),
        ),
        (
            ("plaited and coiled from dwarf-palm leaves gathered in the hills",
             "tressé et spiralé en feuilles de palmier nain cueillies dans les collines",
             "trenzado en espiral con hojas de palmito recogidas en las colinas",
             "مضفور وملفوف من سعف الدوم المقطوف من التلال"),
        ),
        (
            ("Doum palm is cut in summer and dried in the sun before it is plaited.",
             "Le doum est coupé l'été et séché au soleil avant d'être tressé.",
             "El palmito se corta en verano y se seca al sol antes de trenzarlo.",
             "يُقطع الدوم صيفاً ويُجفف في الشمس قبل ضفره."),
        ),
        ("Dust with a soft brush; keep dry.", "Dépoussiérer avec une brosse douce ; garder au sec.",
         "Quitar el polvo con un cepillo suave; mantener seco.", "يُزال الغبار بفرشاة ناعمة ويُحفظ في مكان جاف."),
    ),
    "argan": Group(
        1,
        (
            Kind(("cosmetic argan oil", "huile d'argan cosmétique", "aceite de argán cosmético",
                  "زيت الأركان التجميلي"),
                 "argan", ("argan-bottle",), ("argan-oil",), (110, 200), 150, (5, 5, 14), "volume"),
            Kind(("culinary argan oil", "huile d'argan alimentaire", "aceite de argán culinario",
                  "زيت الأركان الغذائي"),
                 "argan", ("argan-bottle",), ("argan-oil",), (120, 220), 150, (5, 5, 14), "volume"),
            Kind(("black soap with argan", "savon noir à l'argan", "jabón negro con argán", "صابون بلدي بالأركان"),
                 "argan", ("argan-jar",), ("argan-oil",), (60, 140), 250, (8, 8, 8), "jar", hs_code="3401.20"),
            Kind(("amlou spread", "amlou", "amlou", "أملو"), "argan", ("argan-jar",), ("argan-oil",), (90, 180), 300,
                 (8, 8, 9), "jar", hs_code="2008.19"),
        ),
        (TAMANAR_PLACE, TIZNIT_PLACE),
        (
            (", 2025 harvest", ", récolte 2025", ", cosecha 2025", "، محصول 2025"),
            (", organic", ", bio", ", ecológico", "، عضوي"),
            (", fair trade", ", commerce équitable", ", comercio justo", "، تجارة عادلة"),
            (", women's cooperative", ", coopérative de femmes", ", cooperativa de mujeres", "، تعاونية نسائية"),
        ),
        (
            ("from kernels cracked by hand and pressed the same week",
             "à partir d'amandons concassés à la main et pressés la même semaine",
             "con almendras partidas a mano y prensadas la misma semana",
             "من لوز مكسور يدوياً ومعصور في الأسبوع نفسه"),
        ),
        (
            ("The argan tree grows only in south-western Morocco.",
             "L'arganier ne pousse que dans le sud-ouest du Maroc.",
             "El argán solo crece en el suroeste de Marruecos.", "لا تنمو شجرة الأركان إلا في جنوب غرب المغرب."),
        ),
        ("Keep away from light and heat.", "Conserver à l'abri de la lumière et de la chaleur.",
         "Conservar protegido de la luz y del calor.", "يُحفظ بعيداً عن الضوء والحرارة."),
        stock=(10, 80),
    ),
}  # fmt: skip

# One cycle of 25 products: pottery 9 (36 %), carpets 5 (20 %), clothing 3
# (12 %), and 1 (4 %) of each of the eight other crafts, interleaved so any
# run of products already has the mix.
SCHEDULE = (
    "pottery", "carpets", "pottery", "clothing", "leather", "pottery", "carpets", "metalwork", "pottery",
    "woodwork", "carpets", "pottery", "clothing", "jewellery", "pottery", "carpets", "zellige", "pottery",
    "textiles", "clothing", "pottery", "carpets", "basketry", "argan", "pottery",
)  # fmt: skip
assert sorted(SCHEDULE) == sorted(name for name, group in GROUPS.items() for _ in range(group.share))

MADE = (
    "Made by hand {inside} by {maker}, {technique}.",
    "Fait main {inside} par {maker}, {technique}.",
    "Hecho a mano {inside} por {maker}, {technique}.",
    "صُنع يدوياً {inside} على يد {maker}، {technique}.",
)
CLOSINGS = (
    ("Each piece is unique: small variations are the mark of the hand that made it.",
     "Chaque pièce est unique : les petites variations sont la signature de la main qui l'a faite.",
     "Cada pieza es única: las pequeñas variaciones son la firma de la mano que la hizo.",
     "كل قطعة فريدة: الاختلافات الصغيرة بصمة اليد التي صنعتها."),
    ("Packed with care and shipped from Morocco.", "Emballé avec soin et expédié depuis le Maroc.",
     "Embalado con cuidado y enviado desde Marruecos.", "تُغلَّف بعناية وتُشحن من المغرب."),
)  # fmt: skip


@dataclass
class Spec:
    """Everything about generated product number `number`, before the database."""

    number: int
    group: Group
    kind: Kind
    place: Place
    titles: dict
    technique: str  # the product's technique field (English, as artisans tend to write it)
    parts: list  # description sentences per language, the maker's name still to fill in
    variants: list  # (options, price, stock, compare-at price or None)
    made_to_order: bool
    lead_time_days: int
    handmade: bool
    weight_grams: int
    size_cm: tuple
    motifs: list
    rating: tuple[Decimal, int]
    age: timedelta
    original_language: str
    slug: str = field(init=False)

    def __post_init__(self):
        self.slug = f"{slugify(self.titles['en'])[:100].strip('-')}-{self.number:05d}"

    def sku(self, position: int) -> str:
        return f"DEMO-{self.number:05d}-{position + 1}"

    def description(self, language: str, artisan: ArtisanProfile) -> str:
        maker = artisan.display_name_arabic if language == "ar" and artisan.display_name_arabic else None
        return " ".join(self.parts[LANGUAGES.index(language)]).replace("{maker}", maker or artisan.display_name_latin)


def _price(value: float) -> Decimal:
    step = 10 if value >= 100 else 5
    return Decimal(max(step, round(value / step) * step))


def product_spec(number: int) -> Spec:
    """Generated product `number` (from 1): the same every time."""
    rng = random.Random(f"souk-demo-product-{number}")
    group = GROUPS[SCHEDULE[(number - 1) % len(SCHEDULE)]]
    kind, place, style = rng.choice(group.kinds), rng.choice(group.places), rng.choice(group.styles)
    technique, detail, closing = rng.choice(group.techniques), rng.choice(group.details), rng.choice(CLOSINGS)
    titles, parts = {}, []
    for index, language in enumerate(LANGUAGES):
        joiner = "" if style[index].startswith((",", "،")) else " "
        title = f"{kind.name[index]}{joiner}{style[index]} – {place.name[index]}"
        titles[language] = title[0].upper() + title[1:]
        made = MADE[index].format(inside=place.inside[index], maker="{maker}", technique=technique[index])
        parts.append([made, detail[index], group.care[index], closing[index]])

    axis = AXES[kind.axis]
    count = min(len(axis), rng.choices((1, 2, 3), weights=(35, 35, 30))[0])
    start = rng.randrange(len(axis) - count + 1)
    base = rng.uniform(*kind.price)
    made_to_order = rng.random() < group.made_to_order
    variants = []
    for options, factor in axis[start : start + count]:
        price = _price(base * factor)
        stock = rng.randint(1, 4) if made_to_order else (0 if rng.random() < 0.08 else rng.randint(*group.stock))
        compare_at = _price(float(price) * 1.2) if rng.random() < 0.1 else None
        variants.append((options, price, stock, compare_at))
    scale = axis[start][1] ** 0.5
    rated = rng.random() < 0.45
    rating = (
        (Decimal(str(round(rng.triangular(3.4, 5.0, 4.7), 2))), min(250, int(rng.paretovariate(1.1))))
        if rated
        else (Decimal("0"), 0)
    )
    motifs = [rng.choice(kind.motifs)]
    if len(kind.motifs) > 1 and rng.random() < 0.3:
        motifs.append(rng.choice([motif for motif in kind.motifs if motif != motifs[0]]))
    return Spec(
        number=number,
        group=group,
        kind=kind,
        place=place,
        titles=titles,
        technique=(technique[0][0].upper() + technique[0][1:])[:200],
        parts=parts,
        variants=variants,
        made_to_order=made_to_order,
        lead_time_days=rng.randint(*group.lead_time_days) if made_to_order else 0,
        handmade=rng.random() < 0.85,
        weight_grams=max(1, round(kind.weight_grams * scale * rng.uniform(0.85, 1.15))),
        size_cm=tuple(Decimal(str(round(value * scale * rng.uniform(0.9, 1.1), 1))) for value in kind.size_cm),
        motifs=motifs,
        rating=rating,
        # Spread over the last 18 months, more of them recent.
        age=timedelta(days=540 * rng.random() ** 1.6, seconds=rng.randrange(86400)),
        original_language="ar" if rng.random() < 0.15 else "fr",
    )


def _batches(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generated_missing(total: int) -> list[Spec]:
    """The generated products 1..total that are not in the database."""
    specs = [product_spec(number) for number in range(1, total + 1)]
    existing = set()
    for batch in _batches(specs):
        existing.update(Product.objects.filter(slug__in=[spec.slug for spec in batch]).values_list("slug", flat=True))
    return [spec for spec in specs if spec.slug not in existing]


def _generated_write(specs: list[Spec], *, artisans, categories, materials, pool, now) -> int:
    """One batch, one transaction: products, then their variants, photos and
    materials, each in one bulk insert."""
    rows = []
    for spec in specs:
        artisan = artisans.get(spec.place.maker)
        if artisan is None:  # not a verified demo artisan any more
            continue
        category = categories[spec.kind.category]
        photos = [pool[motif] for motif in spec.motifs]
        length, width, height = spec.size_cm
        product = Product(
            artisan=artisan, category=category, slug=spec.slug,
            title=spec.titles["en"], description=spec.description("en", artisan),
            **{f"title_{language}": spec.titles[language] for language in LANGUAGES},
            **{f"description_{language}": spec.description(language, artisan) for language in LANGUAGES},
            original_language=spec.original_language, technique=spec.technique,
            region_of_origin=artisan.region, made_to_order=spec.made_to_order, lead_time_days=spec.lead_time_days,
            hs_code=normalise_hs_code(spec.kind.hs_code or category.default_hs_code),
            weight_grams=spec.weight_grams, length_cm=length, width_cm=width, height_cm=height,
            handmade_in_morocco=spec.handmade, status=ProductStatus.ACTIVE,
            min_price_mad=min(price for _options, price, _stock, _compare in spec.variants),
            total_stock=sum(stock for _options, _price, stock, _compare in spec.variants),
            thumbnail=photos[0].thumbnail, rating_average=spec.rating[0], rating_count=spec.rating[1],
            published_at=now - spec.age,
        )  # fmt: skip
        rows.append((spec, product, photos))
    if not rows:
        return 0
    with transaction.atomic():
        products = Product.objects.bulk_create([product for _spec, product, _photos in rows])
        # created_at is auto_now_add (always "now" on insert): set the real history after.
        Product.objects.filter(pk__in=[product.pk for product in products]).update(
            created_at=F("published_at") - timedelta(days=2), updated_at=F("published_at")
        )
        variants, photo_rows, links = [], [], []
        through = Product.materials.through
        for (spec, _unsaved, photos), saved in zip(rows, products, strict=True):
            for position, (options, price, stock, compare_at) in enumerate(spec.variants):
                variants.append(
                    Variant(product_id=saved.pk, sku=spec.sku(position), options=options, price_mad=price,
                            compare_at_price_mad=compare_at, stock=stock, position=position)
                )  # fmt: skip
            photo_rows.extend(_photo_rows(saved.pk, spec.titles, photos))
            links.extend(through(product_id=saved.pk, material_id=materials[slug]) for slug in spec.kind.materials)
        Variant.objects.bulk_create(variants)
        ProductPhoto.objects.bulk_create(photo_rows)
        through.objects.bulk_create(links)
    return len(rows)


def generated_seed(total: int, *, pool, progress_factory) -> int:
    """Add the generated products missing among 1..total; returns how many were added."""
    missing = generated_missing(total)
    if not missing:
        return 0
    artisans = _verified_makers()
    categories = {category.slug: category for category in Category.objects.all()}
    materials = dict(Material.objects.values_list("slug", "id"))
    now = timezone.now()
    added = 0
    with progress_factory(total=len(missing)) as progress:
        for batch in _batches(missing):
            added += _generated_write(
                batch, artisans=artisans, categories=categories, materials=materials, pool=pool, now=now
            )
            progress.update(len(batch))
    _analyze()
    return added


def _analyze() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL
    plans the catalog's queries for the empty tables it last saw."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Product, Variant, ProductPhoto, Product.materials.through)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def seed(*, reviewer, products: int = 0, progress_factory) -> dict:
    """The demo catalog: photo pool, showcase, then `products` generated ones.
    `progress_factory(total=..., desc=..., unit=...)` makes a progress bar (tqdm)."""
    with progress_factory(total=len(POOL), desc="Photos", unit="photo") as progress:
        pool = photo_pool(progress)
    showcase_added = _showcase_seed(reviewer=reviewer, pool=pool)
    generated_added = 0
    if products:
        generated_added = generated_seed(
            products,
            pool=pool,
            progress_factory=lambda total: progress_factory(total=total, desc="Products", unit="product"),
        )
    if showcase_added or generated_added:
        cache_version.bump()
    return {"showcase_added": showcase_added, "generated_added": generated_added}

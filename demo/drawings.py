"""The demo's product pictures, drawn with Pillow (no downloads): one
picture per motif (Safi tagine, Fes blue plate, Azilal rug, zellige
stars...), each a pure function of its key and size."""

import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps


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

"""Pictures for the demo, drawn here with Pillow: scenes for stories, avatars, the logo mark.

Nothing is downloaded. Each scene is built from a few shapes (sky, hills, water, houses,
trees, people, vehicles) placed by a seeded random generator, so `pewarta demo` draws the
same picture every time and a new installation looks like a news site at once.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900

SKIES = {
    "morning": ((126, 178, 221), (246, 214, 170)),
    "noon": ((88, 152, 214), (196, 226, 244)),
    "dusk": ((64, 72, 140), (244, 160, 110)),
    "overcast": ((150, 160, 170), (214, 218, 220)),
}


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _vary(rng, colour, spread=18):
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in colour)


def _sky(draw, sky, horizon):
    top, bottom = SKIES[sky]
    for y in range(HEIGHT):  # down to the bottom: whatever the hills leave open is sky
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, min(1, y / max(1, horizon))))


def _sun(draw, rng, sky, horizon):
    if sky == "overcast":
        return
    x, y = rng.randint(200, WIDTH - 200), rng.randint(80, max(120, horizon - 160))
    colour = (255, 236, 180) if sky != "dusk" else (255, 196, 120)
    for r, alpha in ((110, 60), (80, 120), (56, 255)):
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_mix((255, 255, 255), colour, alpha / 255))


def _clouds(draw, rng, horizon):
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(-50, WIDTH), rng.randint(40, max(60, horizon // 2))
        for _ in range(5):
            dx, dy, r = rng.randint(-90, 90), rng.randint(-20, 20), rng.randint(30, 60)
            draw.ellipse(
                [x + dx - r, y + dy - r // 2, x + dx + r, y + dy + r // 2], fill=(245, 247, 250)
            )


def _hills(draw, rng, base_y, colour, amplitude, count=1):
    for layer in range(count):
        shade = _mix(colour, (40, 60, 50), layer / max(1, count) * 0.5)
        y0 = base_y + layer * 40
        points = [(0, HEIGHT)]
        x, y = 0, y0 - rng.randint(0, amplitude)
        while x <= WIDTH + 80:
            points.append((x, y))
            x += rng.randint(60, 140)
            y = max(y0 - amplitude, min(y0, y + rng.randint(-amplitude // 2, amplitude // 2)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=shade)


def _ground(draw, top, colour):
    for y in range(top, HEIGHT):
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=_mix(colour, _mix(colour, (0, 0, 0), 0.35), (y - top) / (HEIGHT - top)),
        )


def _water(draw, rng, top, bottom, colour):
    for y in range(top, bottom):
        draw.line(
            [(0, y), (WIDTH, y)], fill=_mix(colour, (30, 70, 100), (y - top) / (bottom - top + 1))
        )
    for _ in range(60):
        x, y = rng.randint(0, WIDTH), rng.randint(top, bottom)
        draw.line(
            [(x, y), (x + rng.randint(20, 90), y)], fill=_mix(colour, (255, 255, 255), 0.4), width=2
        )


def _tree(draw, rng, x, base, size):
    draw.rectangle([x - size // 12, base - size // 2, x + size // 12, base], fill=(92, 64, 40))
    green = _vary(rng, (52, 120, 62), 20)
    for _ in range(5):
        dx, dy = rng.randint(-size // 3, size // 3), rng.randint(-size // 3, 0)
        r = rng.randint(size // 4, size // 3)
        cy = base - size // 2 - size // 4 + dy
        draw.ellipse([x + dx - r, cy - r, x + dx + r, cy + r], fill=_vary(rng, green, 12))


def _palm(draw, rng, x, base, size):
    draw.line(
        [(x, base), (x + size // 6, base - size)], fill=(110, 80, 50), width=max(6, size // 14)
    )
    top = (x + size // 6, base - size)
    for dx, dy in ((-1, 0.2), (1, 0.2), (-0.7, 0.6), (0.7, 0.6), (0, -0.3)):
        end = (top[0] + int(dx * size * 0.6), top[1] + int(dy * size * 0.4))
        draw.line([top, end], fill=_vary(rng, (46, 120, 60)), width=max(5, size // 16))


def _house(draw, rng, x, base, w, h, wall=None, roof=None):
    wall = wall or _vary(rng, (232, 218, 190), 25)
    roof = roof or _vary(rng, (170, 70, 50), 25)
    draw.rectangle([x, base - h, x + w, base], fill=wall)
    draw.polygon(
        [(x - w // 10, base - h), (x + w // 2, base - h - h // 2), (x + w + w // 10, base - h)],
        fill=roof,
    )
    draw.rectangle(
        [x + w // 2 - w // 10, base - h // 2, x + w // 2 + w // 10, base], fill=(110, 80, 60)
    )
    for wx in (x + w // 8, x + w - w // 8 - w // 6):
        draw.rectangle(
            [wx, base - h + h // 5, wx + w // 6, base - h + h // 5 + h // 4], fill=(90, 130, 160)
        )


def _building(draw, rng, x, base, w, h, colour):
    draw.rectangle([x, base - h, x + w, base], fill=colour)
    rows, cols = max(1, h // 60), max(1, w // 50)
    for r in range(rows):
        for c in range(cols):
            wx, wy = x + 14 + c * (w - 20) // cols, base - h + 16 + r * (h - 20) // rows
            draw.rectangle([wx, wy, wx + 22, wy + 28], fill=_vary(rng, (200, 220, 236), 14))


def _person(draw, rng, x, base, size):
    shirt = _vary(
        rng,
        rng.choice([(200, 60, 60), (60, 110, 180), (230, 180, 60), (70, 150, 90), (240, 240, 240)]),
        20,
    )
    skin = _vary(rng, (170, 120, 85), 20)
    head = size // 6
    draw.rounded_rectangle(
        [x - size // 6, base - size + head * 2, x + size // 6, base - size // 3],
        radius=size // 10,
        fill=shirt,
    )
    draw.rectangle(
        [x - size // 8, base - size // 3, x + size // 8, base], fill=_vary(rng, (50, 50, 70), 15)
    )
    draw.ellipse([x - head, base - size, x + head, base - size + head * 2], fill=skin)
    if rng.random() < 0.4:  # a hat or a headscarf
        draw.chord(
            [x - head - 4, base - size - 4, x + head + 4, base - size + head * 2],
            180,
            360,
            fill=_vary(rng, (240, 220, 160)),
        )


def _bus(draw, rng, x, base, length, colour):
    h = length // 3
    draw.rounded_rectangle([x, base - h, x + length, base - h // 8], radius=h // 6, fill=colour)
    for i in range(6):
        wx = x + length // 14 + i * length // 7
        draw.rectangle(
            [wx, base - h + h // 8, wx + length // 9, base - h // 2], fill=(190, 220, 240)
        )
    for wx in (x + length // 5, x + length - length // 5):
        draw.ellipse([wx - h // 6, base - h // 4, wx + h // 6, base + h // 12], fill=(30, 30, 30))
        draw.ellipse(
            [wx - h // 14, base - h // 7, wx + h // 14, base - h // 40], fill=(150, 150, 150)
        )


def _bicycle(draw, x, base, size, colour):
    r = size // 4
    for cx in (x, x + size):
        draw.ellipse([cx - r, base - 2 * r, cx + r, base], outline=(30, 30, 30), width=5)
    frame = [
        (x, base - r),
        (x + size // 2, base - r),
        (x + size, base - r),
        (x + size * 0.35, base - 2 * r),
    ]
    draw.line([frame[0], frame[3], frame[1], frame[0]], fill=colour, width=6)
    draw.line([frame[1], (x + size * 0.8, base - 2 * r), frame[2]], fill=colour, width=6)


def _stall(draw, rng, x, base, w, h):
    stripe = rng.choice(
        [
            ((200, 40, 40), (250, 250, 250)),
            ((30, 120, 70), (250, 240, 200)),
            ((40, 80, 170), (250, 250, 250)),
        ]
    )
    draw.rectangle([x + 6, base - h, x + 14, base], fill=(110, 80, 50))
    draw.rectangle([x + w - 14, base - h, x + w - 6, base], fill=(110, 80, 50))
    for i in range(8):
        draw.rectangle(
            [x + i * w // 8, base - h - 30, x + (i + 1) * w // 8, base - h + 10], fill=stripe[i % 2]
        )
    draw.rectangle([x, base - h // 3, x + w, base - h // 3 + 20], fill=(150, 110, 70))
    for i in range(10):
        fx = x + 10 + i * (w - 20) // 10
        draw.ellipse(
            [fx, base - h // 3 - 24, fx + 24, base - h // 3],
            fill=_vary(
                rng, rng.choice([(230, 120, 40), (240, 200, 50), (90, 160, 60), (200, 50, 60)])
            ),
        )


def _rows(draw, rng, top, colour, spacing=38):
    for i, y in enumerate(range(top, HEIGHT, spacing)):
        shade = _mix(colour, (20, 60, 30), i * 0.04)
        for x in range(-40, WIDTH, 34):
            r = 12 + i * 2
            draw.ellipse(
                [x + (i % 2) * 17 - r, y - r // 2, x + (i % 2) * 17 + r, y + r // 2],
                fill=_vary(rng, shade, 10),
            )


def _books(draw, rng, x, base, width):
    while width > 0:
        w = rng.randint(18, 34)
        h = rng.randint(90, 140)
        draw.rectangle(
            [x, base - h, x + w, base],
            fill=_vary(
                rng,
                rng.choice(
                    [(170, 50, 50), (50, 90, 150), (220, 170, 50), (60, 130, 90), (120, 70, 140)]
                ),
            ),
        )
        draw.line(
            [(x + 4, base - h + 14), (x + w - 4, base - h + 14)], fill=(240, 230, 200), width=3
        )
        x += w + 3
        width -= w + 3


def _scene_village(draw, rng):
    horizon = 430
    _sky(draw, "morning", horizon)
    _sun(draw, rng, "morning", horizon)
    _clouds(draw, rng, horizon)
    _hills(draw, rng, horizon, (96, 150, 96), 90, 2)
    _ground(draw, horizon + 60, (120, 150, 90))
    draw.polygon([(0, 700), (WIDTH, 640), (WIDTH, 730), (0, 800)], fill=(110, 90, 70))
    _water(draw, rng, 740, 800, (90, 120, 110))
    for i in range(4):
        _house(draw, rng, 80 + i * 380 + rng.randint(-30, 30), 640 - i * 12, 220, 130)
    for i in range(9):
        _person(draw, rng, 100 + i * 170 + rng.randint(-40, 40), 860, rng.randint(150, 190))


def _scene_street(draw, rng, bus=True, bikes=False):
    horizon = 520
    _sky(draw, rng.choice(["noon", "dusk"]), horizon)
    _clouds(draw, rng, horizon)
    for i in range(8):
        h = rng.randint(180, 380)
        _building(
            draw,
            rng,
            i * 210 + rng.randint(-20, 20),
            horizon + 40,
            190,
            h,
            _vary(rng, (150, 150, 160), 30),
        )
    _ground(draw, horizon + 40, (90, 90, 95))
    for x in range(0, WIDTH, 160):
        draw.rectangle([x, 760, x + 90, 772], fill=(240, 240, 240))
    draw.rectangle([0, horizon + 40, WIDTH, horizon + 90], fill=(180, 175, 165))
    if bus:
        _bus(draw, rng, 300, 730, 760, _vary(rng, (30, 110, 170), 20))
        draw.rectangle([1180, 430, 1480, 450], fill=(200, 60, 50))
        draw.rectangle([1200, 450, 1212, 640], fill=(80, 80, 80))
        draw.rectangle([1450, 450, 1462, 640], fill=(80, 80, 80))
        for i in range(3):
            _person(draw, rng, 1250 + i * 80, 640, 150)
    if bikes:
        for i in range(4):
            _bicycle(draw, 120 + i * 380, 850, 150, _vary(rng, (200, 60, 60), 60))
            _person(draw, rng, 170 + i * 380, 800, 170)


def _scene_coast(draw, rng):
    horizon = 470
    _sky(draw, "dusk", horizon)
    _sun(draw, rng, "dusk", horizon)
    _water(draw, rng, horizon, 690, (70, 110, 150))
    _ground(draw, 690, (220, 200, 150))
    _house(draw, rng, 900, 740, 360, 200, wall=(200, 150, 100), roof=(120, 80, 50))
    _books(draw, rng, 940, 735, 280)
    for x in (120, 420, 1380):
        _palm(draw, rng, x, 760, 300)
    for i in range(5):
        _person(draw, rng, 260 + i * 120, 880, 140)


def _scene_hills(draw, rng, crop=(40, 110, 50)):
    horizon = 330
    _sky(draw, "morning", horizon)
    _sun(draw, rng, "morning", horizon)
    _clouds(draw, rng, horizon)
    _hills(draw, rng, horizon + 40, (80, 110, 120), 140, 1)
    _hills(draw, rng, horizon + 140, (90, 140, 80), 90, 2)
    _rows(draw, rng, horizon + 260, crop)
    _person(draw, rng, 1100, 880, 220)
    _tree(draw, rng, 260, 640, 240)


def _scene_terraces(draw, rng):
    horizon = 300
    _sky(draw, "noon", horizon)
    _clouds(draw, rng, horizon)
    _hills(draw, rng, horizon + 60, (80, 120, 110), 120, 1)
    y, i = horizon + 90, 0
    while y < HEIGHT:
        green = _vary(rng, (110, 170, 70), 15)
        draw.polygon([(0, y + 30), (WIDTH, y - 10), (WIDTH, y + 90), (0, y + 120)], fill=green)
        draw.line([(0, y + 30), (WIDTH, y - 10)], fill=(170, 210, 220), width=8)
        y += 90
        i += 1
    for i in range(3):
        _person(draw, rng, 400 + i * 360, 820 - i * 40, 170)


def _scene_school(draw, rng, cross=False):
    horizon = 560
    _sky(draw, "noon", horizon)
    _sun(draw, rng, "noon", horizon)
    _clouds(draw, rng, horizon)
    _ground(draw, horizon, (150, 170, 110))
    wall = (236, 230, 214)
    draw.rectangle([200, 280, 1400, horizon + 40], fill=wall)
    draw.polygon([(160, 280), (800, 150), (1440, 280)], fill=(150, 60, 45))
    for i in range(8):
        x = 260 + i * 140
        draw.rectangle([x, 350, x + 80, 450], fill=(90, 130, 160))
    draw.rectangle([740, 470, 860, horizon + 40], fill=(110, 80, 60))
    if cross:
        draw.rectangle([760, 190, 840, 230], fill=(200, 40, 40))
        draw.rectangle([780, 170, 820, 250], fill=(200, 40, 40))
    else:
        draw.line([(1500, horizon + 40), (1500, 180)], fill=(120, 120, 120), width=8)
        draw.rectangle([1504, 180, 1600, 212], fill=(210, 30, 40))
        draw.rectangle([1504, 212, 1600, 244], fill=(250, 250, 250))
    for i in range(10):
        _person(draw, rng, 140 + i * 140, 880, rng.randint(110, 170))


def _scene_market(draw, rng):
    horizon = 420
    _sky(draw, "overcast", horizon)
    for i in range(6):
        _building(
            draw,
            rng,
            i * 280,
            horizon + 60,
            260,
            rng.randint(160, 260),
            _vary(rng, (200, 190, 170), 20),
        )
    _ground(draw, horizon + 60, (140, 130, 115))
    for i in range(4):
        _stall(draw, rng, 40 + i * 400, 760, 340, 240)
    for i in range(7):
        _person(draw, rng, 90 + i * 230, 890, rng.randint(150, 190))


def _scene_park(draw, rng, bins=False):
    horizon = 460
    _sky(draw, "morning", horizon)
    _sun(draw, rng, "morning", horizon)
    _clouds(draw, rng, horizon)
    _hills(draw, rng, horizon, (110, 150, 110), 60, 1)
    _ground(draw, horizon + 30, (110, 160, 80))
    draw.polygon(
        [(700, HEIGHT), (900, HEIGHT), (820, horizon + 30), (780, horizon + 30)],
        fill=(200, 190, 160),
    )
    for x in (120, 380, 1150, 1420):
        _tree(draw, rng, x, 720, rng.randint(260, 320))
    if bins:
        for i, colour in enumerate([(40, 120, 60), (230, 180, 40), (200, 50, 50)]):
            x = 960 + i * 110
            draw.rounded_rectangle([x, 690, x + 90, 830], radius=10, fill=colour)
            draw.rectangle([x - 6, 676, x + 96, 698], fill=_mix(colour, (0, 0, 0), 0.3))
    else:
        draw.rectangle([980, 760, 1260, 780], fill=(120, 80, 50))
        draw.rectangle([1000, 780, 1014, 830], fill=(90, 60, 40))
        draw.rectangle([1226, 780, 1240, 830], fill=(90, 60, 40))
    for i in range(5):
        _person(draw, rng, 200 + i * 290, 890, rng.randint(140, 180))


def _scene_books(draw, rng):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(236, 226, 206))
    for shelf in range(4):
        base = 200 + shelf * 200
        _books(draw, rng, 80, base, WIDTH - 160)
        draw.rectangle([60, base, WIDTH - 60, base + 18], fill=(120, 80, 50))
    draw.rectangle([0, 820, WIDTH, HEIGHT], fill=(160, 120, 80))


SCENES = {
    "village": _scene_village,
    "street": _scene_street,
    "bicycles": lambda d, r: _scene_street(d, r, bus=False, bikes=True),
    "coast": _scene_coast,
    "coffee": _scene_hills,
    "terraces": _scene_terraces,
    "school": _scene_school,
    "clinic": lambda d, r: _scene_school(d, r, cross=True),
    "market": _scene_market,
    "park": _scene_park,
    "bins": lambda d, r: _scene_park(d, r, bins=True),
    "books": _scene_books,
}


def _jpeg(image: Image.Image, quality=86) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def scene(theme: str, seed: int) -> bytes:
    """A 1600×900 JPEG of one scene; the same theme and seed always draw the same picture."""
    rng = random.Random(f"{theme}:{seed}")
    image = Image.new("RGB", (WIDTH, HEIGHT))
    SCENES[theme](ImageDraw.Draw(image), rng)
    # A touch of softness and grain so flat shapes read more like a photograph.
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.frombytes("L", (WIDTH // 2, HEIGHT // 2), rng.randbytes(WIDTH * HEIGHT // 4))
    grain = noise.resize((WIDTH, HEIGHT)).convert("RGB")
    image = Image.blend(image, grain, 0.06)
    return _jpeg(image)


def avatar(seed: str, size: int = 400) -> bytes:
    """A head-and-shoulders silhouette on a coloured ground: a stand-in for a portrait."""
    rng = random.Random(seed)
    ground = _vary(
        rng, rng.choice([(196, 214, 230), (230, 210, 190), (206, 226, 200), (226, 206, 226)]), 10
    )
    image = Image.new("RGB", (size, size), ground)
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(224, 180, 140), (198, 146, 104), (170, 118, 80), (140, 94, 62)])
    cloth = _vary(rng, rng.choice([(60, 90, 150), (150, 50, 60), (60, 120, 90), (90, 90, 100)]), 20)
    draw.ellipse([size * 0.14, size * 0.66, size * 0.86, size * 1.3], fill=cloth)
    draw.ellipse([size * 0.31, size * 0.2, size * 0.69, size * 0.64], fill=skin)
    if rng.random() < 0.5:  # a headscarf
        draw.chord(
            [size * 0.27, size * 0.14, size * 0.73, size * 0.72],
            160,
            380,
            fill=_vary(rng, (120, 60, 110), 40),
        )
        draw.ellipse([size * 0.34, size * 0.26, size * 0.66, size * 0.62], fill=skin)
    else:
        draw.chord([size * 0.3, size * 0.16, size * 0.7, size * 0.5], 180, 360, fill=(40, 30, 28))
    return _jpeg(image.filter(ImageFilter.GaussianBlur(1)), quality=88)


def logo_mark(size: int = 512) -> Image.Image:
    """The site's mark: a white "P" (a stem and a round bowl) and a full stop, on red."""
    scale = 4
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red, white = (163, 20, 28, 255), (255, 255, 255, 255)
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 5, fill=red)
    u = big / 16
    draw.rounded_rectangle([4.2 * u, 3.2 * u, 6.6 * u, 13.2 * u], radius=u * 0.6, fill=white)
    draw.ellipse([4.2 * u, 3.2 * u, 12.2 * u, 9.8 * u], fill=white)
    draw.ellipse([6.6 * u, 5.4 * u, 9.9 * u, 7.6 * u], fill=red)
    draw.ellipse([9.6 * u, 10.6 * u, 12.2 * u, 13.2 * u], fill=white)
    return image.resize((size, size), Image.Resampling.LANCZOS)

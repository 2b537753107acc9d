"""Integrity: finding a reused photo among 100,000 archive photos.

    make bench                                   # 100,000 archive photos
    python -m bench photos                       # the same
    PEWARTA_BENCH_PHOTOS=20000 python -m bench photos

Targets (issue 15): copies of archive photos (resized to 50 %, JPEG quality 60, cropped by
10 %, mirrored) found with recall >= 0.95, at most 20 ms per photo.

The archive is generated (seeded). The sources of the copies are pictures of 640×480 (a
smooth colour field, a few shapes, sensor-like noise) hashed through the real pipeline; the
other archive photos are made-up 40×40 grey pictures of the same kind hashed in bulk with
the same pHash arithmetic (resampling, 32×32 DCT, median), so 100,000 hashes take seconds.
A crop removes 10 % of the width and 10 % of the height, split at random between the sides.

Reference, measured in the same run: a brute-force scan (numpy XOR and popcount of every
stored hash against the same probe hashes) over the same 100,000 photos: its time per photo
and its recall. Unrelated new photos are looked up too, to count false matches.

The index is built into var/bench/photos/ (SQLite) and reused while its size matches.
"""

import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("PEWARTA_BENCH_DIR", str(ROOT / "var" / "bench"))) / "photos"
PHOTOS = int(os.environ.get("PEWARTA_BENCH_PHOTOS", "100000"))
SOURCES = int(os.environ.get("PEWARTA_BENCH_PHOTO_SOURCES", "300"))
UNRELATED = 300
SEED = 20261130


def synth(number: int, size=(160, 120)):
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(SEED + number)
    width, height = size
    field = rng.integers(0, 256, (4, 5, 3), dtype=np.uint8)
    image = Image.fromarray(field).resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(3, 9))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1 = x0 + int(rng.integers(width // 10, width // 2))
        y1 = y0 + int(rng.integers(height // 10, height // 2))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x0, y0, x1, y1], fill=colour)
    noise = rng.normal(0, 10, (height, width, 3))
    pixels = np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def source_numbers(total: int, sources: int) -> list[int]:
    step = max(total // sources, 1)
    return list(range(0, total, step))[:sources]


def _bits_to_ints(low: np.ndarray) -> np.ndarray:
    flat = low.reshape(len(low), 64)
    bits = (flat > np.median(flat, axis=1)[:, None]).astype(np.uint64)
    weights = (np.uint64(1) << np.arange(63, -1, -1, dtype=np.uint64)).astype(np.uint64)
    return (bits * weights).sum(axis=1, dtype=np.uint64)


def filler_hashes(first: int, count: int) -> np.ndarray:
    """(count, 3) hashes of made-up 40×40 grey pictures, computed in bulk the way pHash does
    (32×32 DCT, 8×8 low frequencies above their median): whole picture (resampled to
    32×32), core (the central 32×32, i.e. 80 %) and mirror image."""
    from scipy.fftpack import dct

    rng = np.random.default_rng(SEED + first)
    side = 40
    coarse = rng.random((count, 5, 5)) * 255
    pictures = np.kron(coarse, np.ones((8, 8)))  # blocky colour field, then smoothed
    for _ in range(3):
        pictures = (pictures + np.roll(pictures, 1, 1) + np.roll(pictures, -1, 1)
                    + np.roll(pictures, 1, 2) + np.roll(pictures, -1, 2)) / 5  # fmt: skip
    yy, xx = np.mgrid[0:side, 0:side]
    for _ in range(5):
        x0, y0 = rng.integers(0, side, (2, count))
        w, h = rng.integers(4, side // 2, (2, count))
        value = rng.random(count) * 255
        rect = (xx >= x0[:, None, None]) & (xx < (x0 + w)[:, None, None])
        rect &= (yy >= y0[:, None, None]) & (yy < (y0 + h)[:, None, None])
        pictures = np.where(rect, value[:, None, None], pictures)
    pictures += rng.normal(0, 6, pictures.shape)
    grid = np.linspace(0, side - 1, 32)
    lo = np.floor(grid).astype(int)
    hi = np.minimum(lo + 1, side - 1)
    frac = grid - lo
    rows = pictures[:, lo, :] * (1 - frac)[None, :, None] + pictures[:, hi, :] * frac[None, :, None]
    whole = rows[:, :, lo] * (1 - frac) + rows[:, :, hi] * frac
    out = np.zeros((count, 3), dtype=np.uint64)
    for index, block in enumerate((whole, pictures[:, 4:36, 4:36], whole[:, :, ::-1])):
        out[:, index] = _bits_to_ints(dct(dct(block, axis=1), axis=2)[:, :8, :8])
    return out


def archive_hashes(total: int, sources: list[int]) -> np.ndarray:
    """Sources of the copies through the real pipeline (640×480 pictures), the rest bulk."""
    from pewarta.integrity.photos import photo_hashes

    started = time.perf_counter()
    out = np.zeros((total, 3), dtype=np.uint64)
    for first in range(0, total, 5000):
        count = min(5000, total - first)
        out[first : first + count] = filler_hashes(first, count)
    for number in sources:
        hashes = photo_hashes(synth(number, (640, 480)))
        out[number] = (hashes.full, hashes.core, hashes.mirror)
    print(f"   hashed {total} archive photos in {time.perf_counter() - started:.0f} s")
    return out


def _setup():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["PEWARTA_VAR_DIR"] = str(BENCH_DIR)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(hashes: np.ndarray) -> None:
    from django.db import connection

    from pewarta.integrity import photos
    from pewarta.integrity.models import PhotoPrint

    if PhotoPrint.objects.count() == len(hashes):
        return
    photos.photos_clear()
    started = time.perf_counter()
    items = (
        (photos.PhotoEntry(src=f"arsip/{n}.jpg", credit=f"Fotografer {n % 977}"),
         photos.Hashes(int(h[0]), int(h[1]), int(h[2])))
        for n, h in enumerate(hashes)
    )  # fmt: skip
    photos.photos_index_bulk(items, batch=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"   indexed {len(hashes)} photos in {time.perf_counter() - started:.0f} s")


def _transforms():
    from PIL import Image, ImageOps

    def resized(image, _rng):
        return image.resize((image.width // 2, image.height // 2), Image.LANCZOS)

    def jpeg60(image, _rng):
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=60)
        return Image.open(io.BytesIO(out.getvalue()))

    def cropped(image, rng):
        width, height = image.size
        left = round(width * 0.10 * rng.random())
        top = round(height * 0.10 * rng.random())
        return image.crop((left, top, left + round(width * 0.9), top + round(height * 0.9)))

    def mirrored(image, _rng):
        return ImageOps.mirror(image)

    return {"resized 50%": resized, "JPEG q60": jpeg60, "crop 10%": cropped,
            "mirrored": mirrored}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    _setup()
    from pewarta.integrity import photos

    sources = source_numbers(PHOTOS, SOURCES)
    stored = archive_hashes(PHOTOS, sources)
    _build(stored)
    src_ids = dict(
        __import__("pewarta.integrity.models", fromlist=["PhotoPrint"])
        .PhotoPrint.objects.filter(src__in=[f"arsip/{n}.jpg" for n in sources])
        .values_list("src", "pk")
    )
    rng = random.Random(SEED)
    queries = []  # (label, source number or None, image)
    for number in sources:
        original = synth(number, (640, 480))
        for label, transform in _transforms().items():
            queries.append((label, number, transform(original, rng)))
    for k in range(UNRELATED):
        queries.append(("unrelated", None, synth(10_000_000 + k, (640, 480))))

    hash_ms, index_ms, brute_ms = [], [], []
    found = {label: [0, 0] for label in _transforms()}
    brute_found = {label: [0, 0] for label in _transforms()}
    false_index = false_brute = 0
    for label, number, image in queries:
        t0 = time.perf_counter()
        probe = photos.probe_hashes(image)
        t1 = time.perf_counter()
        matches = photos.photo_lookup(probe, limit=10)
        t2 = time.perf_counter()
        brute = photos.brute_force_lookup(probe, stored)
        t3 = time.perf_counter()
        hash_ms.append((t1 - t0) * 1000)
        index_ms.append((t2 - t1) * 1000)
        brute_ms.append((t3 - t2) * 1000)
        if number is None:
            false_index += bool(matches)
            false_brute += bool(brute)
            continue
        want = src_ids[f"arsip/{number}.jpg"]
        found[label][0] += any(m.photo_id == want for m in matches)
        found[label][1] += 1
        brute_found[label][0] += any(row == number for row, _d in brute)
        brute_found[label][1] += 1

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    total = sum(f for f, _n in found.values()) / max(sum(n for _f, n in found.values()), 1)
    brute_total = sum(f for f, _n in brute_found.values()) / max(
        sum(n for _f, n in brute_found.values()), 1
    )
    print(f"   {PHOTOS} archive photos; {len(sources)} sources × 4 copies; {UNRELATED} unrelated")
    for label in found:
        f, n = found[label]
        bf, bn = brute_found[label]
        print(f"   recall {label:12s} index {f / n:5.3f}   brute force {bf / bn:5.3f}")
    print(f"   recall, all copies   index {total:5.3f}   brute force {brute_total:5.3f}  (>= 0.95)")
    print(f"   unrelated photos matched: index {false_index}/{UNRELATED}, "
          f"brute force {false_brute}/{UNRELATED}")  # fmt: skip
    med_i, p95_i = statistics.median(index_ms), p95(index_ms)
    med_b, p95_b = statistics.median(brute_ms), p95(brute_ms)
    print(f"   look-up per photo    index median {med_i:6.2f} ms  p95 {p95_i:6.2f} ms  (<= 20)")
    print(f"   reference            brute force median {med_b:6.2f} ms  p95 {p95_b:6.2f} ms"
          f"   ratio {med_b / med_i:5.1f}x")  # fmt: skip
    print(f"   hashing the new photo (both)  median {statistics.median(hash_ms):6.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])

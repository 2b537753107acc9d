"""Photo reuse: a perceptual hash of every stored photo, and an indexed look-up of copies.

A stored photo keeps three 64-bit pHashes (imagehash): of the whole picture, of its mirror
image, and of its "core" (the central 80 % in each direction). A copy that was resized,
recompressed or mirrored keeps a whole-picture hash within a few bits of the original's or
of its mirror's. A copy cropped by up to 10 % in each direction still holds the original's
core, at a place and size the look-up does not know: it hashes the candidate cores of the
new photo (a small grid of places and sizes) and compares them with the stored cores.

The look-up never scans: each stored hash is cut into four 16-bit blocks, one `PhotoBand`
row each (key = slot << 16 | block value). Two hashes within 3 bits agree exactly on at
least one block (pigeonhole); further away, one of the many probes usually still agrees.
Every candidate the bands find is then compared bit by bit, and only those within
`MAX_DISTANCE` bits are shown.

Integrity sits below the desk: photos point at stories with the string key "desk.Story";
the desk hands in the photo's bytes, its story and credit.
"""

import io
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

import imagehash
import numpy as np
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy.fftpack import dct

from pewarta.integrity.models import PhotoBand, PhotoPrint

WORK_SIDE = 160  # photos are shrunk once; pHash looks at 32×32 anyway
CORE = (0.10, 0.80)  # the core: from 10 % of each side, 80 % long
BLOCKS = 4
# Bits of 64. Copies measured in bench_photos: whole picture 0-2 bits (resized, JPEG q60,
# mirrored), core 0-6 bits (10 % crop, whose whole picture is still 14-24 bits away);
# unrelated photos sit 30 bits apart on average; the nearest core of 20,000 others 10+.
MAX_DISTANCE = 8
MAX_CROP_DISTANCE = 8
MAX_CROP_FULL_DISTANCE = 28
SLOT_FULL, SLOT_CORE, SLOT_MIRROR = 0, 1, 2
# Crops a copy may have had in one direction (share removed) and how many offsets of the
# removed share are tried for each: 0 % (as is), 5 % and 10 %.
CROPS = ((0.0, 1), (0.05, 2), (0.10, 4))


def _to_int(bits: np.ndarray) -> int:
    return int.from_bytes(np.packbits(bits.astype(np.uint8).flatten()).tobytes(), "big")


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def phash(image: Image.Image) -> int:
    """imagehash's pHash (8×8 low frequencies of a 32×32 DCT) as a 64-bit integer."""
    return _to_int(imagehash.phash(image).hash)


def phash_boxes(small: Image.Image, boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """imagehash's pHash of many regions of one picture at once (one DCT for all).

    Each box (left, top, width, height, as shares of the picture) is resampled straight to
    32×32, as `imagehash.phash` resamples a whole picture; the numbers are the same.
    """
    w, h = small.size
    pixels = np.stack(
        [
            np.asarray(
                small.resize(
                    (32, 32),
                    Image.Resampling.LANCZOS,
                    box=(x * w, y * h, (x + bw) * w, (y + bh) * h),
                ),
                dtype=np.float64,
            )  # fmt: skip
            for x, y, bw, bh in boxes
        ]
    )
    low = dct(dct(pixels, axis=1), axis=2)[:, :8, :8].reshape(len(boxes), 64)
    bits = low > np.median(low, axis=1)[:, None]
    weights = (1 << np.arange(63, -1, -1, dtype=np.uint64)).astype(np.uint64)
    return [int(v) for v in (bits.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)]


def _work_image(image: Image.Image) -> Image.Image:
    small = ImageOps.exif_transpose(image)
    small.thumbnail((WORK_SIDE, WORK_SIDE))
    return small.convert("L")


@dataclass(frozen=True)
class Hashes:
    """A stored photo's hashes (unsigned 64-bit)."""

    full: int
    core: int
    mirror: int


def photo_hashes(image: Image.Image) -> Hashes:
    small = _work_image(image)
    start, length = CORE
    full, core = phash_boxes(small, [(0, 0, 1, 1), (start, start, length, length)])
    (mirror,) = phash_boxes(ImageOps.mirror(small), [(0, 0, 1, 1)])
    return Hashes(full=full, core=core, mirror=mirror)


def _core_places() -> list[tuple[float, float]]:
    """(start, length) of the original's core within a copy, per direction, for each crop."""
    start, length = CORE
    places = []
    for crop, steps in CROPS:
        size = length / (1 - crop)
        first, last = (start - crop) / (1 - crop), start / (1 - crop)
        for i in range(steps):
            offset = first if steps == 1 else first + (last - first) * i / (steps - 1)
            places.append((offset, size))
    return places


CORE_PLACES = _core_places()


@dataclass(frozen=True)
class Probe:
    """A new photo's hashes: its whole picture, and each candidate place of a core."""

    full: int
    cores: tuple[int, ...]


def probe_hashes(image: Image.Image) -> Probe:
    small = _work_image(image)
    boxes = [(0, 0, 1, 1)] + [(x, y, w, h) for x, w in CORE_PLACES for y, h in CORE_PLACES]
    full, *cores = phash_boxes(small, boxes)
    return Probe(full=full, cores=tuple(cores))


def media_name(src: str, media_url: str) -> str | None:
    """The storage name behind a photo's address under MEDIA_URL; None for anything else."""
    if not src.startswith(media_url):
        return None
    name = posixpath.normpath(unquote(src[len(media_url) :].split("?", 1)[0]))
    if not name or name.startswith(("/", "..")) or "\x00" in name or name == ".":
        return None
    return name


def open_image(data: bytes) -> Image.Image | None:
    """The picture, decoded at a reduced size (JPEG draft); `original_size` as stored."""
    try:
        image = Image.open(io.BytesIO(data))
        image.info["original_size"] = image.size
        image.draft("RGB", (WORK_SIDE * 2, WORK_SIDE * 2))
        image.load()
        return image
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return None


# --- the index ---------------------------------------------------------------------------------


def _blocks(value: int) -> list[int]:
    return [(value >> (16 * i)) & 0xFFFF for i in range(BLOCKS)]


def band_keys(slot: int, value: int) -> list[int]:
    return [((slot * BLOCKS + i) << 16) | block for i, block in enumerate(_blocks(value))]


def _band_rows(photo_id: int, hashes: Hashes) -> list[PhotoBand]:
    keys = set(band_keys(SLOT_FULL, hashes.full))
    keys |= set(band_keys(SLOT_MIRROR, hashes.mirror))
    keys |= set(band_keys(SLOT_CORE, hashes.core))
    return [PhotoBand(key=key, photo_id=photo_id) for key in sorted(keys)]


@dataclass
class PhotoEntry:
    """What the caller knows of a stored photo (its storage name or URL, story, credit)."""

    src: str
    story_id: int | None = None
    credit: str = ""
    caption: str = ""
    width: int = 0
    height: int = 0


def _print_row(entry: PhotoEntry, hashes: Hashes) -> PhotoPrint:
    """One photo's print, not yet saved (fields cut to the columns' lengths)."""
    return PhotoPrint(
        src=entry.src[:500],
        story_id=entry.story_id,
        credit=entry.credit[:300],
        caption=entry.caption[:500],
        full=_signed(hashes.full),
        core=_signed(hashes.core),
        mirror=_signed(hashes.mirror),
        width=entry.width,
        height=entry.height,
    )


def _stored(src: str, using: str) -> PhotoPrint | None:
    return PhotoPrint.objects.using(using).filter(src=src).first()


def photo_index(entry: PhotoEntry, hashes: Hashes, using: str = DEFAULT_DB_ALIAS) -> PhotoPrint:
    """Store (or refresh the credit of) one photo's hashes. Idempotent by `src`."""
    src = entry.src[:500]
    with transaction.atomic(using=using):
        existing = _stored(src, using)
        if existing is None:
            try:
                with transaction.atomic(using=using):
                    print_ = _print_row(entry, hashes)
                    print_.save(using=using, force_insert=True)
                    PhotoBand.objects.using(using).bulk_create(_band_rows(print_.pk, hashes))
                return print_
            except IntegrityError:
                # Another consumer indexed the same photo since we looked (one photo in two
                # stories, or two changes to one story, handled at once): its row stands.
                existing = _stored(src, using)
                if existing is None:  # the insert failed for another reason: say so
                    raise
        if existing.story_id is None and entry.story_id is not None:
            # The story that first carried it stays its source.
            PhotoPrint.objects.using(using).filter(pk=existing.pk).update(story_id=entry.story_id)
        return existing


def photos_index_bulk(
    items: Iterable[tuple[PhotoEntry, Hashes]],
    *,
    using: str = DEFAULT_DB_ALIAS,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert many new photos at once (a rebuild or the bench). Returns how many."""
    done, pending = 0, []

    def flush():
        nonlocal done
        with transaction.atomic(using=using):
            created = PhotoPrint.objects.using(using).bulk_create(
                [_print_row(e, h) for e, h in pending]
            )
            if created and created[0].pk is None:  # a backend that does not return ids
                srcs = [e.src[:500] for e, _h in pending]
                ids = dict(
                    PhotoPrint.objects.using(using).filter(src__in=srcs).values_list("src", "pk")
                )
                for row in created:
                    row.pk = ids[row.src]
            rows = []
            for row, (_e, hashes) in zip(created, pending, strict=True):
                rows += [(band.key, row.pk) for band in _band_rows(row.pk, hashes)]
            _insert_bands(rows, using)
        done += len(pending)
        pending.clear()
        if progress:
            progress(done)

    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return done


def _insert_bands(rows: list[tuple[int, int]], using: str) -> None:
    """Many band rows at once (COPY on PostgreSQL), as the text index inserts its bands."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = "COPY integrity_photoband (key, photo_id) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO integrity_photoband (key, photo_id) VALUES (%s, %s)", rows
            )


def photos_clear(using: str = DEFAULT_DB_ALIAS) -> None:
    PhotoBand.objects.using(using).all().delete()
    PhotoPrint.objects.using(using).all().delete()


def photo_drop(*, src: str) -> None:
    with transaction.atomic():
        ids = list(PhotoPrint.objects.filter(src=src).values_list("pk", flat=True))
        PhotoBand.objects.filter(photo_id__in=ids).delete()
        PhotoPrint.objects.filter(pk__in=ids).delete()


# --- the look-up -------------------------------------------------------------------------------


@dataclass
class PhotoMatch:
    photo_id: int
    src: str
    story_id: int | None
    credit: str
    caption: str
    distance: int
    how: str  # "full", "mirror" or "crop"

    @property
    def score(self) -> float:
        """1.0 for the same picture; 0.84 at the largest distance still shown."""
        return 1 - self.distance / 64


def probe_keys(probe: Probe) -> list[int]:
    keys = set(band_keys(SLOT_FULL, probe.full)) | set(band_keys(SLOT_MIRROR, probe.full))
    for core in probe.cores:
        keys |= set(band_keys(SLOT_CORE, core))
    return sorted(keys)


def _distance(probe: Probe, full: int, core: int, mirror: int, max_distance: int):
    """(distance, how) when the probed photo is a copy of this stored one, else None."""
    whole = (probe.full ^ full).bit_count()
    best = min((whole, "full"), ((probe.full ^ mirror).bit_count(), "mirror"))
    if best[0] <= max_distance:
        return best
    if whole <= MAX_CROP_FULL_DISTANCE:  # a crop keeps the picture's broad layout
        cropped = min((c ^ core).bit_count() for c in probe.cores)
        if cropped <= min(max_distance, MAX_CROP_DISTANCE):
            return cropped, "crop"
    return None


def photo_lookup(
    probe: Probe,
    *,
    exclude_story_id: int | None = None,
    exclude_src: str = "",
    max_distance: int = MAX_DISTANCE,
    limit: int = 5,
    using: str = DEFAULT_DB_ALIAS,
) -> list[PhotoMatch]:
    """Stored photos of which the probed one is a copy, nearest first (indexed, no scan)."""
    candidates = set(
        PhotoBand.objects.using(using)
        .filter(key__in=probe_keys(probe))
        .values_list("photo_id", flat=True)
        .distinct()
    )
    if not candidates:
        return []
    rows = PhotoPrint.objects.using(using).filter(pk__in=candidates)
    if exclude_story_id is not None:
        rows = rows.exclude(story_id=exclude_story_id)
    if exclude_src:
        rows = rows.exclude(src=exclude_src)
    matches = []
    for pk, src, story_id, credit, caption, full, core, mirror in rows.values_list(
        "pk", "src", "story_id", "credit", "caption", "full", "core", "mirror"
    ):
        found = _distance(probe, _unsigned(full), _unsigned(core), _unsigned(mirror), max_distance)
        if found is not None:
            matches.append(PhotoMatch(pk, src, story_id, credit, caption, *found))
    matches.sort(key=lambda m: (m.distance, m.photo_id))
    return matches[:limit]


def brute_force_lookup(
    probe: Probe, stored: np.ndarray, *, max_distance: int = MAX_DISTANCE
) -> list[tuple[int, int]]:
    """Reference for the bench: every stored (full, core, mirror) row compared, no index.

    `stored` is an (n, 3) uint64 array; returns [(row, distance)] within `max_distance`.
    """

    popcount = np.bitwise_count

    full = np.uint64(probe.full)
    whole = popcount(stored[:, 0] ^ full)
    flat = np.minimum(whole, popcount(stored[:, 2] ^ full))
    cropped = np.full(len(stored), 65)
    for core in probe.cores:
        cropped = np.minimum(cropped, popcount(stored[:, 1] ^ np.uint64(core)))
    cropped = np.where(whole <= MAX_CROP_FULL_DISTANCE, cropped, 65)
    best = np.where(flat <= max_distance, flat, np.where(cropped <= MAX_CROP_DISTANCE, cropped, 65))
    rows = np.nonzero(best <= max_distance)[0]
    return [(int(r), int(best[r])) for r in rows]

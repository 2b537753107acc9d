"""The persisted similarity index: one Fingerprint per document, its kept hashes as Band rows.

Writers here keep the index in step with a document's text; `probe` answers which stored
documents share shingles with a new text, with both containment estimates. Nothing lives in
a process's memory, so a restart or another worker sees the same index.
"""

import json
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone

from pewarta.integrity.models import Band, CommonKey, Fingerprint
from pewarta.integrity.stems import stems_clear, stems_keep, stems_recall
from pewarta.integrity.text import (
    SCHEME,
    Sketch,
    forget,
    learned_take,
    signed,
    sketch_of,
    text_digest,
    to_signed,
)

PROBE_CHUNK = 2000


def _keys_blob(sketch: Sketch) -> bytes:
    return sketch.keys.astype("<u8").tobytes()


def _keys_of(fingerprint) -> np.ndarray:
    return np.frombuffer(bytes(fingerprint.keys), dtype="<u8")


def _fingerprint_fields(sketch: Sketch, digest: str) -> dict:
    return {
        "scheme": SCHEME,
        "digest": digest,
        "shingles": sketch.shingles,
        "words": sketch.words,
        "cutoff": signed(sketch.cutoff),
        "kept": len(sketch.keys),
        "keys": _keys_blob(sketch),
    }


# PostgreSQL's binary COPY: a 19-byte header, then per row a field count and each field's
# length and value (big-endian), then a trailer. numpy lays out a whole batch's rows at once.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_TRAILER = b"\xff\xff"
_BAND_ROW = np.dtype(
    [("fields", ">i2"), ("key_len", ">i4"), ("key", ">i8"), ("id_len", ">i4"), ("id", ">i8")]
)


def _band_copy(keys: np.ndarray, ids: np.ndarray) -> bytes:
    """Band rows (signed keys, fingerprint ids) as the data of a binary COPY."""
    rows = np.empty(len(keys), dtype=_BAND_ROW)
    rows["fields"] = 2
    rows["key_len"] = 8
    rows["key"] = keys
    rows["id_len"] = 8
    rows["id"] = ids
    return _COPY_HEADER + rows.tobytes() + _COPY_TRAILER


def _insert_bands(keys: np.ndarray, ids: np.ndarray, using: str = DEFAULT_DB_ALIAS) -> None:
    """Band rows: `keys` (signed) each with the fingerprint id at the same place in `ids`."""
    if not len(keys):
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                "COPY integrity_band (key, fingerprint_id) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.write(_band_copy(keys, ids))
        else:  # in key order: each row lands next to the one before (a third quicker)
            order = np.lexsort((ids, keys))
            cursor.executemany(
                "INSERT INTO integrity_band (key, fingerprint_id) VALUES (%s, %s)",
                zip(keys[order].tolist(), ids[order].tolist(), strict=True),
            )


def _delete_bands(fingerprint: Fingerprint) -> None:
    keys = to_signed(_keys_of(fingerprint)).tolist()
    for start in range(0, len(keys), PROBE_CHUNK):
        Band.objects.filter(
            fingerprint_id=fingerprint.pk, key__in=keys[start : start + PROBE_CHUNK]
        ).delete()


def _band_arrays(fingerprint_ids: list[int], sketches: list[Sketch]):
    """The band rows of several signatures: (signed keys, fingerprint ids), two arrays."""
    if not sketches:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    keys = to_signed(np.concatenate([sketch.keys for sketch in sketches]))
    counts = [len(sketch.keys) for sketch in sketches]
    return keys, np.repeat(np.array(fingerprint_ids, dtype=np.int64), counts)


def _store(lookup: dict, text: str) -> bool:
    """Make the document's signature match `text`. Returns whether anything changed."""
    digest = text_digest(text)
    with transaction.atomic():
        existing = Fingerprint.objects.select_for_update().filter(**lookup).first()
        if existing is not None and existing.digest == digest:
            return False
        stems_recall([text])
        sketch, _unique = sketch_of(text)
        fields = _fingerprint_fields(sketch, digest)
        if existing is None:
            try:
                with transaction.atomic():
                    fingerprint = Fingerprint.objects.create(**lookup, **fields)
            except IntegrityError:
                # Another consumer signed the same new document since we looked (two changes
                # to one story queued close together): make its row ours, under the lock.
                existing = Fingerprint.objects.select_for_update().get(**lookup)
        if existing is not None:
            _delete_bands(existing)
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*fields, "updated_at"])
            fingerprint = existing
        _insert_bands(*_band_arrays([fingerprint.pk], [sketch]))
        stems_keep()
    return True


def fingerprint_story(*, story_id: int, text: str) -> bool:
    """Index a story's current text (any status: the archive is compared as a whole)."""
    return _store({"story_id": story_id}, text)


def fingerprint_reference(*, item_id: int, text: str) -> bool:
    return _store({"reference_id": item_id}, text)


def fingerprint_drop(*, story_id: int | None = None, item_id: int | None = None) -> None:
    lookup = {"story_id": story_id} if story_id is not None else {"reference_id": item_id}
    with transaction.atomic():
        for fingerprint in Fingerprint.objects.select_for_update().filter(**lookup):
            _delete_bands(fingerprint)
            fingerprint.delete()


def index_clear(using: str = DEFAULT_DB_ALIAS) -> None:
    """Empty the whole index (before a rebuild), the stored stems too: a rebuild after a
    change to the stemmer's rules stems every word again."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":  # a DELETE of millions of bands takes minutes
            with connection.cursor() as cursor:
                # Checks deferred to the commit (a reference item's key) must run first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "TRUNCATE integrity_band, integrity_fingerprint, integrity_commonkey, "
                    "integrity_wordstem"
                )
            forget()
            return
        Band.objects.using(using).all().delete()
        Fingerprint.objects.using(using).all().delete()
        CommonKey.objects.using(using).all().delete()
        stems_clear(using)


_BAND_KEY = "integrity_band_pkey"


def _band_key_exists(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = 'integrity_band'::regclass",
        [_BAND_KEY],
    )
    return cursor.fetchone() is not None


def band_key_ensure(using: str = DEFAULT_DB_ALIAS) -> bool:
    """PostgreSQL: build the bands' primary key if a bulk load left it out (a rebuild that
    was killed). Returns whether it had to be built."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if _band_key_exists(cursor):
            return False
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the sort in memory
        cursor.execute(
            f"ALTER TABLE integrity_band ADD CONSTRAINT {_BAND_KEY} "
            "PRIMARY KEY (key, fingerprint_id)"
        )
    return True


@contextmanager
def bulk_load(using: str = DEFAULT_DB_ALIAS):
    """For a rebuild on an emptied index: on PostgreSQL the bands' primary key is dropped
    while they are loaded and built once at the end, by one sort (tens of millions of
    insertions at random places of a B-tree larger than the cache cost far more). Probes
    still answer meanwhile, by scanning. Nothing to do on SQLite, whose band table is the
    index itself (WITHOUT ROWID)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE integrity_band DROP CONSTRAINT IF EXISTS {_BAND_KEY}")
    try:
        yield
    finally:
        band_key_ensure(using)


_FINGERPRINT_COPY = (
    "COPY integrity_fingerprint (id, story_id, reference_id, scheme, digest, shingles, "
    "words, cutoff, kept, keys, updated_at) FROM STDIN"
)


def _copy_fingerprints(prepared: list[tuple[str, int, str, Sketch]], using: str) -> list[int]:
    """PostgreSQL: ids drawn from the table's sequence in one query, rows sent by COPY."""
    now = timezone.now()
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('integrity_fingerprint', 'id')) "
            "FROM generate_series(1, %s)",
            [len(prepared)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(_FINGERPRINT_COPY) as copy:
            for pk, (kind, doc_id, digest, sketch) in zip(ids, prepared, strict=True):
                copy.write_row(
                    (
                        pk,
                        doc_id if kind == "story" else None,
                        doc_id if kind != "story" else None,
                        SCHEME,
                        digest,
                        sketch.shingles,
                        sketch.words,
                        signed(sketch.cutoff),
                        len(sketch.keys),
                        _keys_blob(sketch),
                        now,
                    )
                )
    return ids


def fingerprints_insert(
    prepared: list[tuple[str, int, str, Sketch]], using: str = DEFAULT_DB_ALIAS
) -> None:
    """Insert signatures made elsewhere (kind, id, digest, sketch), in one transaction.

    Caller knows none of these documents has a signature yet (a rebuild on an emptied index).
    On PostgreSQL both tables are written by COPY (the ORM's INSERT of a thousand rows took
    longer than signing them).
    """
    if not prepared:
        return
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            ids = _copy_fingerprints(prepared, using)
        else:
            fingerprints = [
                Fingerprint(
                    **({"story_id": doc_id} if kind == "story" else {"reference_id": doc_id}),
                    **_fingerprint_fields(sketch, digest),
                )
                for kind, doc_id, digest, sketch in prepared
            ]
            Fingerprint.objects.using(using).bulk_create(fingerprints)
            ids = [fingerprint.pk for fingerprint in fingerprints]
        _insert_bands(*_band_arrays(ids, [sketch for *_rest, sketch in prepared]), using)


def prepare(kind: str, doc_id: int, text: str) -> tuple[str, int, str, Sketch]:
    """The signature of one document, ready for `fingerprints_insert` (pure: no database)."""
    return kind, doc_id, text_digest(text), sketch_of(text)[0]


def prepare_batch(
    documents: list[tuple[str, int, str]],
) -> tuple[list[tuple[str, int, str, Sketch]], dict[str, str]]:
    """Signatures of documents and the stems of the words first met here (pure: run by a
    rebuild's worker processes, which never touch the database)."""
    return [prepare(kind, doc_id, text) for kind, doc_id, text in documents], learned_take()


def _batches(documents: Iterable[tuple[str, int, str]], size: int):
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_order(pool, batches, *, window: int):
    """The pool's results in order, the documents read here (Pool.imap would read them in
    its own thread, on another database connection), at most `window` batches ahead."""
    waiting = deque()
    for batch in batches:
        waiting.append(pool.apply_async(prepare_batch, (batch,)))
        if len(waiting) >= window:
            yield waiting.popleft().get()
    while waiting:
        yield waiting.popleft().get()


def fingerprints_bulk(
    documents: Iterable[tuple[str, int, str]],
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = 1000,
    jobs: int = 1,
) -> int:
    """Index many documents at once: (kind "story" or "reference", id, text) each.

    Used by the rebuild on an emptied index: no look-ups, inserts only (the signatures and
    the stems of new words), one transaction per batch so a long rebuild can be watched and
    interrupted. With `jobs` > 1 that many forked processes read and sign the texts while
    this one reads the documents and writes (the signing is the costly part). On
    PostgreSQL the bands' key is built once at the end (`bulk_load`).
    """
    batches = _batches(documents, batch)
    done = 0
    with ExitStack() as stack:
        stack.enter_context(bulk_load())
        if jobs > 1:
            pool = stack.enter_context(get_context("fork").Pool(jobs))
            prepared = _in_order(pool, batches, window=2 * jobs)
        else:
            prepared = map(prepare_batch, batches)
        for signatures, learned in prepared:
            with transaction.atomic():
                fingerprints_insert(signatures)
                stems_keep(learned)
            done += len(signatures)
            if progress:
                progress(done)
    return done


@dataclass
class Candidate:
    fingerprint_id: int
    story_id: int | None
    reference_id: int | None
    hits: int
    est_source: float  # share of the stored document estimated to be in the new text
    est_new: float  # share of the new text estimated to be in the stored document

    @property
    def score(self) -> float:
        return max(self.est_source, self.est_new)


def common_docs() -> int:
    return getattr(settings, "PEWARTA_INTEGRITY_COMMON_SHINGLE_DOCS", 50)


def common_keys_refresh(using: str = DEFAULT_DB_ALIAS) -> int:
    """Count which kept shingles appear in the sketches of many documents; the probe then
    leaves them out. One pass over the bands (after a rebuild, and daily). On PostgreSQL
    it first restores the bands' key if a killed rebuild left it out."""
    band_key_ensure(using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM integrity_commonkey")
        cursor.execute(
            "INSERT INTO integrity_commonkey (key, documents) SELECT key, COUNT(*) "
            "FROM integrity_band GROUP BY key HAVING COUNT(*) >= %s",
            [common_docs()],
        )
        cursor.execute("SELECT COUNT(*) FROM integrity_commonkey")
        count = cursor.fetchone()[0]
    if connections[using].vendor == "postgresql":  # fresh statistics after a bulk load
        with connections[using].cursor() as cursor:
            cursor.execute(
                "ANALYZE integrity_band, integrity_fingerprint, integrity_commonkey, "
                "integrity_wordstem"
            )
    return count


_PROBE_SQLITE = """
WITH probe(key) AS (SELECT value FROM json_each(%s) EXCEPT SELECT key FROM integrity_commonkey),
hits AS (
    SELECT fingerprint_id, COUNT(*) AS n FROM integrity_band
    WHERE key IN (SELECT key FROM probe) GROUP BY fingerprint_id HAVING COUNT(*) >= %s
)
SELECT f.id, f.story_id, f.reference_id, f.cutoff, f.kept, hits.n
FROM hits JOIN integrity_fingerprint f ON f.id = hits.fingerprint_id
"""
# PostgreSQL: `OFFSET 0` keeps each lateral lookup an index probe whatever the statistics
# say (right after a bulk load they may promise a hash join over every band).
_PROBE_POSTGRES = """
WITH probe(key) AS (SELECT unnest(%s::bigint[]) EXCEPT SELECT key FROM integrity_commonkey),
hits AS (
    SELECT b.fingerprint_id, COUNT(*) AS n FROM probe,
    LATERAL (SELECT fingerprint_id FROM integrity_band WHERE key = probe.key OFFSET 0) b
    GROUP BY b.fingerprint_id HAVING COUNT(*) >= %s
)
SELECT f.id, f.story_id, f.reference_id, f.cutoff, f.kept, hits.n FROM hits,
LATERAL (SELECT * FROM integrity_fingerprint WHERE id = hits.fingerprint_id OFFSET 0) f
"""


def _bigint_array(values: list[int]) -> str:
    """A PostgreSQL array literal of integers: a tenth of the time psycopg takes to adapt a
    list of a thousand of them, element by element."""
    return "{" + ",".join(map(str, values)) + "}"


def _probe_rows(keys: list[int], min_hits: int) -> list[tuple]:
    """One round trip: the new text's hashes, less the common ones, against every band."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PROBE_SQLITE, [json.dumps(keys), min_hits])
            return cursor.fetchall()
    # Stale statistics also make the plan look expensive enough to compile (seconds of JIT).
    # Both statements go in one message, which PostgreSQL runs as one transaction: the
    # setting holds for the probe only, at the cost of no extra round trip (each one is
    # a wait for the scheduler on a busy machine).
    with connection.cursor() as cursor:
        if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
            with transaction.atomic():  # one statement a message: three round trips
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(_PROBE_POSTGRES, [_bigint_array(keys), min_hits])
                return cursor.fetchall()
        cursor.execute("SET LOCAL jit = off;" + _PROBE_POSTGRES, [_bigint_array(keys), min_hits])
        cursor.nextset()
        return cursor.fetchall()


def probe(unique: np.ndarray, *, exclude_story_id: int | None = None, min_hits: int = 2):
    """Stored documents sharing kept shingles with a text whose distinct hashes are `unique`.

    Best first, by the larger of the two containment estimates.
    """
    if not len(unique):
        return []
    rows = [
        row
        for row in _probe_rows(to_signed(unique).tolist(), min_hits)
        if row[1] is None or row[1] != exclude_story_id
    ]
    if not rows:
        return []
    # How many of the text's shingles fall under each document's cutoff: one searchsorted
    # for all of them (an archive of millions names hundreds of documents sharing two).
    cutoffs = np.array([row[3] for row in rows], dtype=np.int64).view(np.uint64)
    below = np.searchsorted(unique, cutoffs, side="right").tolist()
    candidates = [
        Candidate(pk, story_id, reference_id, n, n / max(kept, 1), n / max(under, 1))
        for (pk, story_id, reference_id, _cutoff, kept, n), under in zip(rows, below, strict=True)
    ]
    candidates.sort(key=lambda c: c.score, reverse=True)
    return candidates

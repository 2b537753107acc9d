"""The persisted similarity index: one Fingerprint per document, its kept hashes as Band rows.

Writers here keep the index in step with a document's text; `probe` answers which stored
documents share shingles with a new text, with both containment estimates. Nothing lives in
a process's memory, so a restart or another worker sees the same index.
"""

import json
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from pewarta.integrity.models import Band, CommonKey, Fingerprint
from pewarta.integrity.stems import stems_clear, stems_keep, stems_recall
from pewarta.integrity.text import (
    SCHEME,
    Sketch,
    learned_take,
    signed,
    sketch_of,
    text_digest,
    to_signed,
    to_unsigned,
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


def _insert_bands(rows: list[tuple[int, int]], using: str = DEFAULT_DB_ALIAS) -> None:
    if not rows:
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY integrity_band (key, fingerprint_id) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO integrity_band (key, fingerprint_id) VALUES (%s, %s)", rows
            )


def _delete_bands(fingerprint: Fingerprint) -> None:
    keys = to_signed(_keys_of(fingerprint)).tolist()
    for start in range(0, len(keys), PROBE_CHUNK):
        Band.objects.filter(
            fingerprint_id=fingerprint.pk, key__in=keys[start : start + PROBE_CHUNK]
        ).delete()


def _band_rows(fingerprint_id: int, sketch: Sketch) -> list[tuple[int, int]]:
    return [(key, fingerprint_id) for key in to_signed(sketch.keys).tolist()]


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
        if existing is not None:
            _delete_bands(existing)
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*fields, "updated_at"])
            fingerprint = existing
        else:
            fingerprint = Fingerprint.objects.create(**lookup, **fields)
        _insert_bands(_band_rows(fingerprint.pk, sketch))
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
    with transaction.atomic(using=using):
        Band.objects.using(using).all().delete()
        Fingerprint.objects.using(using).all().delete()
        CommonKey.objects.using(using).all().delete()
        stems_clear(using)


def fingerprints_insert(
    prepared: list[tuple[str, int, str, Sketch]], using: str = DEFAULT_DB_ALIAS
) -> None:
    """Insert signatures made elsewhere (kind, id, digest, sketch), in one transaction.

    Caller knows none of these documents has a signature yet (a rebuild on an emptied index).
    """
    fingerprints = [
        Fingerprint(
            **({"story_id": doc_id} if kind == "story" else {"reference_id": doc_id}),
            **_fingerprint_fields(sketch, digest),
        )
        for kind, doc_id, digest, sketch in prepared
    ]
    with transaction.atomic(using=using):
        Fingerprint.objects.using(using).bulk_create(fingerprints)
        rows = []
        for fingerprint, (_kind, _id, _digest, sketch) in zip(fingerprints, prepared, strict=True):
            rows.extend(_band_rows(fingerprint.pk, sketch))
        _insert_bands(rows, using)


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
    this one reads the documents and writes (the signing is the costly part).
    """
    batches = _batches(documents, batch)
    done = 0
    with ExitStack() as stack:
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
    leaves them out. One pass over the bands (after a rebuild, and daily)."""
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
    candidates = []
    for pk, story_id, reference_id, cutoff, kept, n in _probe_rows(
        to_signed(unique).tolist(), min_hits
    ):
        if story_id is not None and story_id == exclude_story_id:
            continue
        below = int(np.searchsorted(unique, np.uint64(to_unsigned(cutoff)), side="right"))
        candidates.append(
            Candidate(pk, story_id, reference_id, n, n / max(kept, 1), n / max(below, 1))
        )
    candidates.sort(key=lambda c: c.score, reverse=True)
    return candidates

"""The persisted stem of every word the index has met (integrity_wordstem).

Stemming is the slow part of reading a text (Sastrawi: about 0.2 ms a word), and a process's
own cache starts empty after every restart. The signing paths store the stems they compute;
a check reads the stems of a text's unknown words in one query before it reads the text.
"""

import json
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections

from pewarta.common.indonesian import MAX_WORD
from pewarta.integrity.models import WordStem
from pewarta.integrity.text import forget, learned_take, teach, unknown_words

CHUNK = 5000  # words per look-up

# One parameter whatever the number of words (plain SQL: the ORM's IN list of a thousand
# parameters costs more to build than the look-up). On PostgreSQL each word is an index
# probe (`OFFSET 0`): given `= ANY`, the planner reads the whole table instead.
_KEEP = "INSERT INTO integrity_wordstem (word, stem) VALUES (%s, %s) ON CONFLICT DO NOTHING"
_KEEP_POSTGRES = (
    "INSERT INTO integrity_wordstem (word, stem) "
    "SELECT * FROM unnest(%s::varchar[], %s::varchar[]) ON CONFLICT DO NOTHING"
)
_RECALL_SQLITE = (
    "SELECT word, stem FROM integrity_wordstem WHERE word IN (SELECT value FROM json_each(%s))"
)
_RECALL_POSTGRES = (
    "SELECT s.word, s.stem FROM unnest(%s::varchar[]) AS w(word), "
    "LATERAL (SELECT word, stem FROM integrity_wordstem WHERE word = w.word OFFSET 0) s"
)


def stems_recall(texts: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> int:
    """Teach this process the stored stems of the words of `texts` it does not know yet.

    One query per `CHUNK` unknown words (none when every word is known). Returns how many
    words were found."""
    unknown = sorted(unknown_words(texts))
    found = 0
    connection = connections[using]
    for start in range(0, len(unknown), CHUNK):
        words = unknown[start : start + CHUNK]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_RECALL_POSTGRES, [words])
            else:
                cursor.execute(_RECALL_SQLITE, [json.dumps(words)])
            stems = dict(cursor.fetchall())
        teach(stems)
        found += len(stems)
    return found


def stems_keep(stems: dict[str, str] | None = None, using: str = DEFAULT_DB_ALIAS) -> int:
    """Store the stems this process computed since the last call (or the given ones, made
    by another process). A word another process stored meanwhile is left as it is."""
    stems = learned_take() if stems is None else stems
    stems = {w: s for w, s in stems.items() if len(w) <= MAX_WORD and len(s) <= MAX_WORD}
    if not stems:
        return 0
    connection = connections[using]
    with connection.cursor() as cursor:  # a rebuild's first batches meet thousands of words
        if connection.vendor == "postgresql":  # one statement, not one per word
            cursor.execute(_KEEP_POSTGRES, [list(stems), list(stems.values())])
        else:
            cursor.executemany(_KEEP, list(stems.items()))
    return len(stems)


def stems_clear(using: str = DEFAULT_DB_ALIAS) -> None:
    """Forget the stored stems, and this process's own, so a rebuild stores every word."""
    WordStem.objects.using(using).all().delete()
    forget()

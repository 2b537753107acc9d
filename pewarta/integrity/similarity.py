"""The plagiarism check: which stored documents a new text lifts from, and how much.

`check_text` probes the persisted index (pewarta.integrity.index) for candidates, then
compares the best of them exactly with the new text (pewarta.integrity.passages): the share
of each side that matches and the passages side by side. Stories are described by the
caller (the desk) through `load_stories`, since integrity never reads desk models; reference
items of other outlets are integrity's own.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
from django.conf import settings
from django.utils import timezone

from pewarta.integrity.index import probe
from pewarta.integrity.models import ReferenceItem, ReferenceSource
from pewarta.integrity.passages import Parsed, compare
from pewarta.integrity.stems import stems_recall
from pewarta.integrity.text import (
    SCHEME,
    distinct,
    max_chars,
    shingle_hashes,
    sketch_of,
    term_ids,
)

MAX_VERIFIED = 8  # candidates compared exactly, best estimates first
# A candidate is compared when its estimate reaches a third of `min_share`: a stored
# story keeps 32 or more sampled shingles, and a fifth of it lifted with rewritten joins
# is estimated below half the share about once in twenty (the bench's recall), below a
# third about once in a hundred.
ESTIMATE_SLACK = 3
MAX_SOURCES = 6
MAX_PASSAGES = 5


def min_share() -> float:
    return getattr(settings, "PEWARTA_INTEGRITY_MIN_SHARE", 0.15)


def min_shared() -> int:
    return getattr(settings, "PEWARTA_INTEGRITY_MIN_SHINGLES", 6)


@dataclass
class Source:
    """A document a new text may have been lifted from, as the editor will see it."""

    kind: str  # "story" (our archive) or "reference" (another outlet's feed)
    id: int
    headline: str
    url: str
    date: str  # ISO 8601, or ""
    writer: str
    text: str = field(repr=False)
    outlet: str = ""  # the other outlet's name; "" for our own archive
    press_release: bool = False
    status: str = ""


StoryLoader = Callable[[list[int]], dict[int, Source]]


@dataclass
class Match:
    source: Source
    share_new: float
    share_source: float
    shared: int
    passages: list[dict]

    def payload(self) -> dict:
        described = asdict(self.source)
        del described["text"]
        return described | {
            "share_new": round(self.share_new, 4),
            "share_source": round(self.share_source, 4),
            "shared": self.shared,
            "passages": self.passages,
        }


@dataclass
class CheckResult:
    words: int
    truncated: bool
    compared: int
    matches: list[Match]

    @property
    def suggest_press_release(self) -> bool:
        return any(m.source.press_release for m in self.matches)

    def payload(self) -> dict:
        """What the Event keeps: enough to show this check later, whatever changes since."""
        return {
            "scheme": SCHEME,
            "words": self.words,
            "truncated": self.truncated,
            "compared": self.compared,
            "top_share": round(
                max((max(m.share_new, m.share_source) for m in self.matches), default=0.0), 4
            ),
            "suggest_kind": "siaran_pers" if self.suggest_press_release else "",
            "sources": [m.payload() for m in self.matches],
        }


def _iso(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def reference_sources(ids: list[int]) -> dict[int, Source]:
    items = ReferenceItem.objects.filter(pk__in=ids).select_related("source")
    return {
        item.pk: Source(
            kind="reference",
            id=item.pk,
            headline=item.title,
            url=item.url,
            date=_iso(item.published_at),
            writer=item.author or item.source.name,
            text=item.text,
            outlet=item.source.name,
            press_release=item.source.kind == ReferenceSource.Kind.PRESS_RELEASE,
        )
        for item in items
    }


def _sources(candidates: list, load_stories: StoryLoader) -> list[Source]:
    """The candidates' documents, best estimate first (one that vanished is left out)."""
    stories = load_stories([c.story_id for c in candidates if c.story_id is not None])
    reference_ids = [c.reference_id for c in candidates if c.reference_id]
    references = reference_sources(reference_ids) if reference_ids else {}
    found = (
        stories.get(c.story_id) if c.story_id is not None else references.get(c.reference_id)
        for c in candidates
    )
    return [source for source in found if source is not None]


def _shares(unique: np.ndarray, source: Source) -> tuple[int, float, float]:
    """Exact (shared shingles, share of the new text, share of the source), no passages."""
    theirs = distinct(shingle_hashes(term_ids(source.text)))
    shared = len(np.intersect1d(unique, theirs, assume_unique=True))
    return shared, shared / max(len(unique), 1), shared / max(len(theirs), 1)


def check_text(
    text: str, *, load_stories: StoryLoader, exclude_story_id: int | None = None
) -> CheckResult:
    """Compare `text` with every stored document; the matches, largest share first.

    The index names a few candidates; each is scored exactly on its shingles, and the
    passages are cut only for those that pass. A bounded number of queries: the stems of
    unknown words (twice), the probe, and the candidates' documents.
    """
    text = text or ""
    stems_recall([text])
    sketch, unique = sketch_of(text)
    least = min_share() / ESTIMATE_SLACK
    candidates = [c for c in probe(unique, exclude_story_id=exclude_story_id) if c.score >= least][
        :MAX_VERIFIED
    ]
    sources = _sources(candidates, load_stories)
    stems_recall(source.text for source in sources)
    passing = []
    for source in sources:
        shared, share_new, share_source = _shares(unique, source)
        if shared >= min_shared() and max(share_new, share_source) >= min_share():
            passing.append((share_new, share_source, source))
    passing.sort(key=lambda found: found[:2], reverse=True)
    new = Parsed.of(text) if passing else None
    matches = []
    for _new, _source, source in passing[:MAX_SOURCES]:
        found = compare(new, Parsed.of(source.text), max_passages=MAX_PASSAGES)
        matches.append(
            Match(source, found.share_new, found.share_source, found.shared, found.passages)
        )
    return CheckResult(
        words=sketch.words,
        truncated=len(text) > max_chars(),
        compared=len(candidates),
        matches=matches,
    )

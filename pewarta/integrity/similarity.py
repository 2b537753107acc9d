"""The plagiarism check: which stored documents a new text lifts from, and how much.

`check_text` probes the persisted index (pewarta.integrity.index) for candidates, then
compares the best of them exactly with the new text (pewarta.integrity.passages): the share
of each side that matches and the passages side by side. Stories are described by the
caller (the desk) through `load_stories`, since integrity never reads desk models; reference
items of other outlets are integrity's own.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone

from pewarta.integrity.index import probe
from pewarta.integrity.models import ReferenceItem, ReferenceSource
from pewarta.integrity.passages import Parsed, compare
from pewarta.integrity.text import SCHEME, max_chars, sketch_of

MAX_VERIFIED = 12  # candidates compared exactly, best estimates first
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


def check_text(
    text: str, *, load_stories: StoryLoader, exclude_story_id: int | None = None
) -> CheckResult:
    """Compare `text` with every stored document; the matches, largest share first."""
    text = text or ""
    sketch, unique = sketch_of(text)
    candidates = [
        c for c in probe(unique, exclude_story_id=exclude_story_id) if c.score >= min_share() / 2
    ][:MAX_VERIFIED]
    stories = load_stories([c.story_id for c in candidates if c.story_id is not None])
    references = reference_sources([c.reference_id for c in candidates if c.reference_id])
    new = Parsed.of(text) if candidates else None
    matches = []
    for candidate in candidates:
        source = (
            stories.get(candidate.story_id)
            if candidate.story_id is not None
            else references.get(candidate.reference_id)
        )
        if source is None:  # removed since it was indexed
            continue
        found = compare(new, Parsed.of(source.text), max_passages=MAX_PASSAGES)
        if found.shared >= min_shared() and max(found.share_new, found.share_source) >= min_share():
            matches.append(
                Match(source, found.share_new, found.share_source, found.shared, found.passages)
            )
    matches.sort(key=lambda m: (m.share_new, m.share_source), reverse=True)
    return CheckResult(
        words=sketch.words,
        truncated=len(text) > max_chars(),
        compared=len(candidates),
        matches=matches[:MAX_SOURCES],
    )

"""The legal-risk rules: the checklist's questions, what their answers demand, and hints read
from a text.

Hints only pre-mark questions for the editor, who still answers and is responsible. The word
lists are data files (pewarta/integrity/data/risk/<list>.txt, one word or phrase a line); an
operator adds words with PEWARTA_RISK_WORD_FILES, paths of files named `<list>.txt` or
`<list>-<anything>.txt`. A word listed as a root matches its affixed forms too (tangkap:
ditangkap, penangkapan); an affixed word matches only itself.

For other rooms (comment moderation): `hints_for_text(text)` and `find_terms(text, list)`.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pewarta.common.indonesian import is_common_word, normalize, stem

DATA_DIR = Path(__file__).parent / "data" / "risk"

RISK_QUESTIONS = {
    "victim": _("Apakah naskah menyebut atau dapat mengungkap korban kejahatan seksual?"),
    "minor": _("Apakah naskah menyebut anak (korban, saksi, atau pelaku)?"),
    "sara": _("Apakah naskah menyinggung suku, agama, ras, atau antargolongan (SARA)?"),
    "defamation": _("Apakah naskah berisiko mencemarkan nama baik seseorang atau lembaga?"),
}
# A "yes" to these needs a note on how the risk was handled and a senior editor to publish.
NEEDS_NOTE = frozenset({"sara", "defamation"})
NEEDS_SENIOR = frozenset({"sara", "defamation"})
# A "yes" to these becomes the story's flag of the same meaning (identity must be hidden).
STORY_FLAGS = {"victim": "flag_victim", "minor": "flag_minor"}

LISTS = ("kejahatan", "kekerasan_seksual", "anak", "sara", "bukan_nama", "gelar")
NEAR = 12  # words: how close a name and a word of crime or childhood must be
ADULT_AGE = 18

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[.!?\n]")
_INITIALS = re.compile(r"^[A-Z]{2,4}$")
_AGE_AFTER_NAME = re.compile(r"\s*\((\d{1,2})\)")
_AGE_WORDS = re.compile(r"(?i)\b(?:berusia|berumur|usia|umur)\s+(\d{1,2})\s*(?:tahun|thn|th)\b")
_GRADE = re.compile(
    r"(?i)\bkelas\s+(?:[1-9]|1[0-2]|[ivx]{1,4}|satu|dua|tiga|empat|lima|enam)\b"
    r"(?:\s+(?:sd|mi|smp|mts|sma|smk|ma)\b)?"
)


@dataclass(frozen=True)
class Hint:
    """One reason to ask a checklist question, with the words that raised it."""

    question: str  # a key of RISK_QUESTIONS
    rule: str  # accusation, child, sexual_violence, sara
    term: str  # the word or phrase found, as written
    name: str = ""  # the person it is near, as written
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        if self.name:
            return f"«{self.term}» — {self.name}"
        return f"«{self.term}»"


@dataclass(frozen=True)
class _Word:
    text: str
    norm: str
    root: str
    start: int
    end: int


def _extra_files() -> tuple[str, ...]:
    value = getattr(settings, "PEWARTA_RISK_WORD_FILES", ())
    if isinstance(value, str):
        value = [p for p in re.split(r"[,:]", value) if p.strip()]
    return tuple(str(p).strip() for p in value)


def _read(path: Path) -> list[tuple[str, ...]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(tuple(normalize(w) for w in line.split()))
    return entries


@lru_cache(maxsize=8)
def _lists(extra: tuple[str, ...]) -> dict[str, frozenset[tuple[str, ...]]]:
    found: dict[str, set[tuple[str, ...]]] = {name: set() for name in LISTS}
    paths = [DATA_DIR / f"{name}.txt" for name in LISTS] + [Path(p) for p in extra]
    for path in paths:
        name = path.stem.split("-", 1)[0]
        if name in found and path.is_file():
            found[name].update(_read(path))
    return {name: frozenset(entries) for name, entries in found.items()}


def word_lists() -> dict[str, frozenset[tuple[str, ...]]]:
    """Every list, each entry a tuple of normalised words (an operator's files included)."""
    return _lists(_extra_files())


def _words(text: str) -> list[_Word]:
    out = []
    for match in _TOKEN.finditer(text or ""):
        raw = match.group()
        norm = normalize(raw)
        out.append(_Word(raw, norm, stem(norm) if norm.isalpha() else norm, *match.span()))
    return out


def _find(words: list[_Word], entries: frozenset) -> list[tuple[int, int]]:
    """(first, last+1) word positions where an entry of the list occurs."""
    singles = {e[0] for e in entries if len(e) == 1}
    phrases = [e for e in entries if len(e) > 1]
    hits = []
    for i, word in enumerate(words):
        if word.norm in singles or word.root in singles:
            hits.append((i, i + 1))
            continue
        for phrase in phrases:
            n = len(phrase)
            window = words[i : i + n]
            if len(window) == n and all(
                w.norm == p or w.root == p for w, p in zip(window, phrase, strict=True)
            ):
                hits.append((i, i + n))
                break
    return hits


def find_terms(text: str, list_name: str) -> list[tuple[str, int, int]]:
    """Words of list `list_name` in `text`: (as written, start, end) each."""
    words = _words(text)
    out = []
    for first, last in _find(words, word_lists()[list_name]):
        out.append((text[words[first].start : words[last - 1].end], words[first].start,
                    words[last - 1].end))  # fmt: skip
    return out


def _is_capitalised(word: _Word) -> bool:
    return word.text[:1].isupper() and word.text.isalpha() and len(word.text) > 1


def _names(words: list[_Word], text: str) -> list[tuple[int, int]]:
    """Word spans that look like a person's name: capitalised runs, initials with an age
    ("AS (34)"), a capitalised word after a title (Pak Slamet) or inside a sentence."""
    lists = word_lists()
    not_names = {e[0] for e in lists["bukan_nama"] if len(e) == 1}
    titles = {e[0] for e in lists["gelar"] if len(e) == 1}
    spans, i = [], 0
    while i < len(words):
        word = words[i]
        if not _is_capitalised(word) or word.norm in not_names:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and _is_capitalised(words[j + 1]):
            j += 1
        run = words[i : j + 1]
        sentence_start = i == 0 or words[i - 1].text in ".!?\n"
        after_title = i > 0 and words[i - 1].norm in titles
        initials = len(run) == 1 and _INITIALS.match(word.text)
        aged = bool(_AGE_AFTER_NAME.match(text, run[-1].end))
        real = [w for w in run if w.norm not in not_names]
        # A lone capitalised word opening a sentence is a name only if no dictionary has it.
        lone = not initials and not (sentence_start and is_common_word(word.norm))
        if real and (len(real) >= 2 or after_title or aged or lone):
            spans.append((i, j + 1))
        i = j + 1
    return spans


def _near(spans, first: int, last: int) -> tuple[int, int] | None:
    for start, end in spans:
        if start - NEAR <= first and last <= end + NEAR:
            return start, end
    return None


def _child_signs(words: list[_Word], text: str, names) -> list[tuple[str, int, int, tuple]]:
    """Ages under 18, school grades and words of childhood, each near a name."""
    signs = []
    for start, end in names:
        age = _AGE_AFTER_NAME.match(text, words[end - 1].end)
        if age and int(age.group(1)) < ADULT_AGE:
            signs.append((age.group().strip(), age.start(1) - 1, age.end(), (start, end)))
    offsets = [w.start for w in words]
    for pattern in (_AGE_WORDS, _GRADE):
        for match in pattern.finditer(text):
            if pattern is _AGE_WORDS and int(match.group(1)) >= ADULT_AGE:
                continue
            index = max(0, _bisect(offsets, match.start()))
            near = _near(names, index, index + 1)
            if near:
                signs.append((match.group().strip(), match.start(), match.end(), near))
    for first, last in _find(words, word_lists()["anak"]):
        near = _near(names, first, last)
        if near:
            signs.append((_span_text(text, words, first, last), words[first].start,
                          words[last - 1].end, near))  # fmt: skip
    return signs


def _bisect(offsets: list[int], value: int) -> int:
    lo, hi = 0, len(offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        if offsets[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _span_text(text: str, words: list[_Word], first: int, last: int) -> str:
    return text[words[first].start : words[last - 1].end]


def hints_for_text(text: str) -> list[Hint]:
    """Reasons to ask each risk question, read from `text` (plain text). At most one hint per
    rule and term, in the order they appear."""
    text = (text or "")[:200_000]
    words = _words(text)
    names = _names(words, text)
    lists = word_lists()
    hints: list[Hint] = []

    def add(question, rule, first_char, last_char, term, name_span=None):
        name = _span_text(text, words, *name_span) if name_span else ""
        hints.append(Hint(question, rule, term, name, first_char, last_char))

    for first, last in _find(words, lists["kejahatan"]):
        near = _near(names, first, last)
        if near:
            add("defamation", "accusation", words[first].start, words[last - 1].end,
                _span_text(text, words, first, last), near)  # fmt: skip
    for first, last in _find(words, lists["kekerasan_seksual"]):
        add("victim", "sexual_violence", words[first].start, words[last - 1].end,
            _span_text(text, words, first, last), _near(names, first, last))  # fmt: skip
    for term, start, end, near in _child_signs(words, text, names):
        add("minor", "child", start, end, term, near)
    for first, last in _find(words, lists["sara"]):
        add("sara", "sara", words[first].start, words[last - 1].end,
            _span_text(text, words, first, last))  # fmt: skip
    unique: dict[tuple, Hint] = {}
    for hint in sorted(hints, key=lambda h: h.start):
        unique.setdefault((hint.rule, hint.term.lower(), hint.name), hint)
    return list(unique.values())


def questions_hinted(text: str) -> set[str]:
    return {hint.question for hint in hints_for_text(text)}

"""Pure pieces of the desk: the word diff, the queue's age classes, the SVG charts."""

import re
from types import SimpleNamespace

from pewarta.desk import charts, queue
from pewarta.desk.diff import diff_html, revision_text, word_diff


def test_word_diff_marks_whole_words():
    diffs = word_diff("Warga menanam seribu pohon.", "Warga Bandung menanam dua ribu pohon.")
    assert (1, "Bandung ") in diffs
    assert (-1, "seribu") in diffs
    assert (1, "dua ribu") in diffs
    assert "".join(t for op, t in diffs if op != 1) == "Warga menanam seribu pohon."
    assert "".join(t for op, t in diffs if op != -1) == "Warga Bandung menanam dua ribu pohon."


def test_diff_html_escapes_what_the_writer_typed():
    html = diff_html(word_diff("aman", "aman <script>alert(1)</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_revision_text_keeps_paragraphs_and_image_credits():
    revision = SimpleNamespace(
        headline="Judul",
        lead="Teras",
        body_html="<p>Satu.</p><p>Dua <b>tebal</b>.</p>",
        images=[{"caption": "Warga kerja bakti", "credit": "Dokpri"}],
    )
    text = revision_text(revision)
    assert text.split("\n\n")[:4] == ["Judul", "Teras", "Satu.", "Dua tebal."]
    assert "Dokpri" in text


def test_age_class_against_target():
    from datetime import timedelta

    target = timedelta(hours=4)
    assert queue.age_class(timedelta(hours=1), target) == "ok"
    assert queue.age_class(timedelta(hours=3, minutes=30), target) == "near"
    assert queue.age_class(timedelta(hours=5), target) == "late"
    assert queue.age_class(timedelta(hours=500), None) == "none"


def test_bar_chart_scales_bars_and_escapes_labels():
    svg = charts.bar_chart([("<a>", 2), ("b", 4)], title="Uji & coba")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "&lt;a&gt;" in svg and "Uji &amp; coba" in svg
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="bar"', svg)]
    assert heights[1] == 2 * heights[0]


def test_hbar_chart_prints_values():
    svg = charts.hbar_chart([("Tolak: SARA", 3), ("Setujui", 0)], title="Keputusan")
    assert ">3</text>" in svg and ">0</text>" in svg and "Tolak: SARA" in svg

"""The commands' progress bar: in a log it writes whole lines, never carriage returns."""

import io

from django.core.management.base import OutputWrapper

from pewarta.common.progress import ProgressBar


def test_in_a_log_the_bar_writes_the_first_and_the_last_line_only():
    out = io.StringIO()
    bar = ProgressBar(OutputWrapper(out), total=4)
    for done in range(1, 5):
        bar(done)
    assert bar.finish() >= 0
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0].startswith("[#######") and " 1/4 (" in lines[0]
    assert lines[-1].startswith("[" + "#" * 30 + "]") and " 4/4 (" in lines[-1]
    assert len(lines) == 2  # nothing between: less than ten seconds passed


def test_a_total_given_per_call_wins():
    out = io.StringIO()
    bar = ProgressBar(OutputWrapper(out))
    bar(10, 10)
    assert " 10/10 (" in out.getvalue()

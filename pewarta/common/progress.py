"""A progress bar for long commands (reindexing): redrawn in place on a terminal, a line every
ten seconds (and at the end) in a log."""

import sys
import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stdout, total: int = 0):
        self.stdout, self.total = stdout, total
        self.tty = sys.stdout.isatty()
        self.started = time.monotonic()
        self.shown = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int | None = None) -> None:
        total = self.total if total is None else total
        filled = self.WIDTH * done // max(total, 1)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} ({rate:.0f}/s)"
        if self.tty:
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
            self.drawn = True
        elif done == total or time.monotonic() - self.shown > 10:
            self.stdout.write(line)
            self.shown = time.monotonic()

    def finish(self) -> float:
        """End the bar's line; the seconds since it started."""
        if self.drawn:
            self.stdout.write("")
        return time.monotonic() - self.started

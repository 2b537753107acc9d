"""`make bench`: run every bench/bench_*.py module's `main()`; `python -m bench NAME` runs one.

Each benchmark prints its figure beside a reference measured in the same run (a ratio),
because these machines are noisy. Benchmarks are never part of the test suite.
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    wanted = [f"bench_{n.removeprefix('bench_')}" for n in argv] or discover()
    if not wanted:
        print("No benchmarks yet (bench/bench_*.py).")
        return 0
    failed = 0
    for name in wanted:
        print(f"== {name}")
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception as exc:  # noqa: BLE001 - report and go on with the next benchmark
            failed += 1
            print(f"   FAILED: {exc!r}")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Lighthouse's mobile audit of the home, a section and a story page, with the demo's photos.

`main()` (run by `make bench`; `python -m bench lighthouse` alone):
1. makes (once) a database under var/bench/lighthouse/ with `pewarta demo` (drawn photos,
   renditions, avatars);
2. starts Granian (the production entry point pewarta.wsgi:application, page cache on) and,
   as the reference, Python's static file server with one small hand-written page that has
   everything Lighthouse asks for;
3. runs npm `lighthouse` (package.json; CHROME_PATH=/usr/bin/chromium, headless) with its
   default mobile settings on the reference and on each page, and prints the four scores
   (performance, accessibility, best practices, SEO) beside the reference's.
   Target: 95 or more in each category for every page.
Too slow for the test suite (about half a minute per page); the suite's own checks of what
Lighthouse looks at (meta description, favicon, no console error, image sizes) are in
pewarta/public/tests/test_screenshots_browser.py.
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95

REFERENCE_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Halaman rujukan</title><meta name="description" content="Halaman statis rujukan.">
<link rel="icon" href="data:,"></head>
<body><main><h1>Halaman rujukan</h1><p>Satu paragraf teks biasa.</p></main></body></html>
"""


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="pewarta.settings",
        PEWARTA_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        DEBUG="0",
    )
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=5).read().decode()  # noqa: S310 - loopback
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def _prepare(env: dict) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, "-m", "pewarta"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "demo"], env=env, check=True, capture_output=True)


@contextlib.contextmanager
def _server(argv: list[str], env: dict, url: str, cwd=None):
    proc = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def lighthouse(url: str) -> dict[str, int]:
    """The four category scores (0–100) of Lighthouse's default (mobile) audit of `url`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            capture_output=True,
            timeout=300,
        )  # fmt: skip
        report = json.loads(out.read_text())
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    misses = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]  # fmt: skip
    scores["misses"] = misses
    return scores


def _line(name: str, scores: dict, reference: dict | None = None) -> str:
    cells = []
    for category in CATEGORIES:
        cell = f"{category} {scores[category]:>3}"
        if reference is not None:
            cell += f" (ref {reference[category]})"
        cells.append(cell)
    low = [c for c in CATEGORIES if scores[c] < TARGET]
    verdict = "" if reference is None else ("  ok" if not low else f"  BELOW {TARGET}: {low}")
    return f"   {name:<9} " + "  ".join(cells) + verdict


def main() -> None:
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        print("   skipped: needs `npm ci` (lighthouse) and /usr/bin/chromium")
        return
    env = _env()
    _prepare(env)
    port, ref_port = _free_port(), _free_port()
    granian = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "1",
        "--host", "127.0.0.1", "--port", str(port), "--no-ws", "--log-level", "warning",
        "pewarta.wsgi:application",
    ]  # fmt: skip
    site = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as static_root:
        (Path(static_root) / "index.html").write_text(REFERENCE_PAGE)
        static = [sys.executable, "-m", "http.server", str(ref_port), "--bind", "127.0.0.1"]
        with (
            _server(static, env, f"http://127.0.0.1:{ref_port}/", cwd=static_root) as ref_url,
            _server(granian, env, site + "/health"),
        ):
            home = _wait(site + "/")
            story = re.search(r'href="(/berita/\d{4}/[^"]+)"', home).group(1)
            reference = lighthouse(ref_url)
            print(_line("reference", reference))
            for name, path in (("home", "/"), ("section", "/berita/"), ("story", story)):
                _wait(site + path)  # renditions made and the page cached before the audit
                scores = lighthouse(site + path)
                print(_line(name, scores, reference))
                if scores["misses"]:
                    print(f"             audits under 0.9: {', '.join(scores['misses'])}")


if __name__ == "__main__":
    main()

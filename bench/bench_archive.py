"""`pewarta import-wxr` at 100,000 items on SQLite: items per second and peak memory.

    make bench                                              # 100,000 items
    PEWARTA_BENCH_IMPORT_ITEMS=20000 python -m bench archive

Targets: at least 200 items/s, at most 300 MB resident. Reference, in the same run: the bare
streaming parse of the same file (`archive.wxr.records`, nothing stored), its rate and memory.
The file is synthetic (our own sentences), about 1 KB of content per post, one author per 50
posts, a category and two tags each, one draft in twenty; the database is a fresh SQLite file
under var/bench/archive. Each measurement runs in its own process (peak RSS = ru_maxrss).

Also printed, without a target: the follow-up the import queues (one task per batch: search
entries and similarity signatures in bulk, drafts checked), run by the task consumer after
the import; measured on the first FOLLOWUP_TASKS queued tasks.
"""

import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = int(os.environ.get("PEWARTA_BENCH_IMPORT_ITEMS", "100000"))
WORK = ROOT / "var" / "bench" / "archive"
TARGET_RATE, TARGET_MB = 200.0, 300.0
FOLLOWUP_TASKS = int(os.environ.get("PEWARTA_BENCH_FOLLOWUP_TASKS", "10"))
VOCABULARY = (
    "warga desa kota sungai pasar sekolah petani nelayan jalan banjir panen festival budaya "
    "pemuda relawan pantai hutan irigasi gotong royong balai posyandu koperasi"
)
WORDS = VOCABULARY.split()


def write_wxr(path: Path, items: int) -> None:
    rng = random.Random(16)
    authors = max(1, items // 50)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Arsip Uji</title><link>https://arsip.example.id</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_site_url>https://arsip.example.id</wp:base_site_url>\n"
        )
        for a in range(authors):
            out.write(
                f"<wp:author><wp:author_login>penulis{a}</wp:author_login>"
                f"<wp:author_email>penulis{a}@arsip.example.id</wp:author_email>"
                f"<wp:author_display_name>Penulis Arsip {a}</wp:author_display_name></wp:author>\n"
            )
        for i in range(1, items + 1):
            title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
            paragraphs = "\n\n".join(
                " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)
            )
            day = f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:00:00"
            status = "draft" if i % 20 == 0 else "publish"
            out.write(
                f"<item><title><![CDATA[{title} {i}]]></title>"
                f"<link>https://arsip.example.id/{day[:10].replace('-', '/')}/tulisan-{i}/</link>"
                f"<dc:creator>penulis{i % authors}</dc:creator>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{i}</wp:post_id><wp:post_date_gmt>{day}</wp:post_date_gmt>"
                f"<wp:post_name>tulisan-{i}</wp:post_name><wp:status>{status}</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="rubrik-{i % 8}">Rubrik {i % 8}</category>'
                f'<category domain="post_tag" nicename="topik-{i % 300}">Topik {i % 300}</category>'
                f'<category domain="post_tag" nicename="kata-{i % 97}">Kata {i % 97}</category>'
                "</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def _env() -> dict:
    env = dict(os.environ)
    for name in ("REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="pewarta.settings",
        PEWARTA_VAR_DIR=str(WORK / "var"),
        LOG_LEVEL="WARNING",
        DEBUG="0",
    )
    return env


def child(mode: str, path: str) -> None:
    """Runs in its own process; prints `<items> <seconds> <peak MB>`."""
    import django

    django.setup()
    started = time.perf_counter()
    if mode == "parse":
        from pewarta.archive import wxr

        count = sum(1 for kind, _ in wxr.records(path) if kind == "item")
    elif mode == "followup":
        from huey.contrib.djhuey import HUEY

        import pewarta.archive.tasks  # noqa: F401 - registers the task, as the consumer does

        count = 0
        for _ in range(FOLLOWUP_TASKS):
            task = HUEY.dequeue()
            if task is None:
                break
            HUEY.execute(task)
            count += len(task.args[0])
    else:
        from pewarta.archive.importer import Importer

        summary = Importer().run(path)
        count = sum(summary.types.values())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(count, seconds, peak)


def _run(mode: str, path: Path, env: dict) -> tuple[int, float, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_archive", mode, str(path)],
        env=env, check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    count, seconds, peak = out.stdout.split()[-3:]
    return int(count), float(seconds), float(peak)


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    path = WORK / "arsip.xml"
    write_wxr(path, ITEMS)
    env = _env()
    subprocess.run(
        [sys.executable, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    size = path.stat().st_size / 1e6
    parsed, parse_s, parse_mb = _run("parse", path, env)
    imported, import_s, import_mb = _run("import", path, env)
    followed, followup_s, followup_mb = _run("followup", path, env)
    rate = imported / import_s
    verdict = "ok" if rate >= TARGET_RATE and import_mb <= TARGET_MB else "ABOVE TARGET"
    print(f"   {ITEMS:,} items, {size:.0f} MB of WXR")
    print(
        f"   import  {rate:8.0f} items/s   peak {import_mb:6.0f} MB   "
        f"(target >= {TARGET_RATE:.0f}/s, <= {TARGET_MB:.0f} MB) {verdict}"
    )
    print(
        f"   reference: bare streaming parse {parsed / parse_s:8.0f} items/s   "
        f"peak {parse_mb:6.0f} MB"
    )
    print(
        f"   follow-up (task consumer: search entries, similarity signatures, drafts checked) "
        f"{followed / followup_s:6.0f} stories/s over {followed:,} stories   "
        f"peak {followup_mb:6.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("parse", "import", "followup"):
        child(sys.argv[1], sys.argv[2])
    else:
        main()

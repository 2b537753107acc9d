"""`pewarta backup` then `pewarta restore` onto an empty installation gives the same site."""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from pewarta.common.backup import row_counts
from pewarta.complaints.services import complaint_file
from pewarta.desk.models import Status

ROOT = Path(__file__).resolve().parents[3]
FACTS = """
import hashlib, json
from django.apps import apps
from django.core.files.storage import storages
from pewarta.common.backup import _walk, row_counts
Story = apps.get_model("desk", "Story")
Event = apps.get_model("audit", "Event")
Complaint = apps.get_model("complaints", "Complaint")
files = {}
for alias in ("default", "private"):
    for name in _walk(storages[alias]):
        with storages[alias].open(name, "rb") as f:
            files[f"{alias}:{name}"] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps({
    "rows": row_counts(),
    "stories": sorted((s.pk, s.slug, s.status, s.live_revision_id) for s in Story.objects.all()),
    "events": sorted((e.pk, e.action) for e in Event.objects.all()),
    "complaints": sorted((c.pk, c.kind, c.evidence.name) for c in Complaint.objects.all()),
    "files": files,
}, default=str))
"""


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 160, 40)).save(out, "JPEG")
    return out.getvalue()


def site_facts(env=None) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "pewarta", "shell", "-c", FACTS],
        env=env or os.environ, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def small_site(transactional_db, make_story, editor, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    photo = default_storage.save("naskah/2026/11/sawah.jpg", ContentFile(_jpeg()))
    story = make_story(
        status=Status.PUBLISHED, headline="Petani Muda Panen Raya",
        images=[{"src": default_storage.url(photo), "credit": "Dokpri"}],
    )  # fmt: skip
    complaint_file(
        kind="correction", story=story, name="Rina", email="rina@contoh.id",
        passage="tiga hektare", body="Lima hektare.", source="Data dinas",
        evidence=SimpleUploadedFile("bukti.jpg", _jpeg(), "image/jpeg"),
    )  # fmt: skip
    return story


def _env(var_dir: Path, media: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PEWARTA_VAR_DIR=str(var_dir), LOG_LEVEL="WARNING")
    return env


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the one-machine profile is SQLite; the cluster tests cover PostgreSQL",
)
def test_backup_then_restore_onto_an_empty_installation_gives_the_same_site(
    small_site, settings, tmp_path
):
    backup_dir = tmp_path / "cadangan"
    call_command("backup", str(backup_dir))
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and manifest["rows"]["desk.story"] == 1
    stored = {(f["storage"], f["name"]) for f in manifest["files"]}
    assert ("public", "naskah/2026/11/sawah.jpg") in stored
    assert any(kind == "private" and name.startswith("complaints/") for kind, name in stored)

    # What the original installation looks like, seen from outside this test process.
    source = tmp_path / "source-var"
    source.mkdir()
    (source / "pewarta.sqlite3").symlink_to(connection.settings_dict["NAME"])
    (source / "media").symlink_to(settings.MEDIA_ROOT)
    (source / "private").symlink_to(settings.PEWARTA_PRIVATE_ROOT)
    before = site_facts(_env(source, settings.MEDIA_ROOT))

    fresh = tmp_path / "fresh-var"
    env = _env(fresh, "")
    subprocess.run([sys.executable, "-m", "pewarta", "migrate", "-v", "0"], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    subprocess.run([sys.executable, "-m", "pewarta", "restore", str(backup_dir)], env=env,
                   cwd=ROOT, check=True)  # fmt: skip
    after = site_facts(env)
    assert after == before
    assert after["rows"]["audit.event"] > 0 and after["complaints"][0][2]


def test_a_damaged_backup_is_refused_before_anything_changes(small_site, tmp_path):
    backup_dir = tmp_path / "cadangan"
    call_command("backup", str(backup_dir))
    photo = backup_dir / "public" / "naskah" / "2026" / "11" / "sawah.jpg"
    photo.write_bytes(photo.read_bytes()[:-10])
    counts = row_counts()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup_dir))
    assert row_counts() == counts


def test_restore_refuses_an_installation_that_already_has_stories(small_site, tmp_path):
    backup_dir = tmp_path / "cadangan"
    call_command("backup", str(backup_dir))
    with pytest.raises(CommandError, match="already holds stories"):
        call_command("restore", str(backup_dir))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(backup_dir))
    assert hashlib.sha256(b"").hexdigest()
    assert storages["private"].exists(small_site.complaints.get().evidence.name)

"""Backup and restore on the cluster profile: PostgreSQL and both S3 buckets."""

import subprocess
import sys
import uuid

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from pewarta.common.cluster import ensure_buckets, ensure_database
from pewarta.common.pytest_cluster import database_url
from pewarta.common.tests.cluster.test_storage import _jpeg
from pewarta.common.tests.test_backup import ROOT, site_facts
from pewarta.complaints.services import complaint_file
from pewarta.desk.models import Status

pytestmark = pytest.mark.slow


def test_backup_then_restore_onto_an_empty_cluster(on_cluster, make_story, tmp_path):
    photo = default_storage.save("naskah/2026/11/pelabuhan.jpg", ContentFile(_jpeg()))
    story = make_story(
        status=Status.PUBLISHED, headline="Nelayan Sambut Musim Ikan",
        images=[{"src": default_storage.url(photo), "credit": "Dokpri"}],
    )  # fmt: skip
    complaint_file(
        kind="reply", story=story, name="Joko", email="joko@contoh.id", passage="sepuluh kapal",
        body="Yang berangkat dua belas kapal.",
        evidence=SimpleUploadedFile("bukti.jpg", _jpeg((300, 200)), "image/jpeg"),
    )  # fmt: skip
    source_env = {**on_cluster.env, "DATABASE_URL": database_url()}
    before = site_facts(source_env)
    backup_dir = tmp_path / "cadangan"
    subprocess.run([sys.executable, "-m", "pewarta", "backup", str(backup_dir)],
                   env=source_env, cwd=ROOT, check=True)  # fmt: skip

    suffix = uuid.uuid4().hex[:8]
    target_url = database_url().rsplit("/", 1)[0] + f"/pewarta_restore_{suffix}"
    target_env = {
        **source_env, "DATABASE_URL": target_url,
        "PEWARTA_S3_PUBLIC_BUCKET": f"restore-media-{suffix}",
        "PEWARTA_S3_PRIVATE_BUCKET": f"restore-private-{suffix}",
    }  # fmt: skip
    ensure_database(target_url)
    try:
        ensure_buckets(target_env)
        subprocess.run([sys.executable, "-m", "pewarta", "migrate", "-v", "0"], env=target_env,
                       cwd=ROOT, check=True)  # fmt: skip
        subprocess.run([sys.executable, "-m", "pewarta", "restore", str(backup_dir)],
                       env=target_env, cwd=ROOT, check=True)  # fmt: skip
        after = site_facts(target_env)
        assert after == before
        assert any(name.startswith("private:complaints/") for name in after["files"])
        assert "default:naskah/2026/11/pelabuhan.jpg" in after["files"]
    finally:
        admin = target_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS pewarta_restore_{suffix} WITH (FORCE)")

"""deploy/: the VCL compiles with varnishd for both backend files; units run the cluster's lines."""

import shutil
import subprocess
from pathlib import Path

import pytest

from pewarta.common.cluster import Cluster, Ports, varnish_backends

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def _compiles(tmp_path, backends: str) -> subprocess.CompletedProcess:
    (tmp_path / "pewarta-backends.vcl").write_text(backends)
    return subprocess.run(
        [VARNISHD, "-C", "-j", "none", "-n", str(tmp_path / "n"), "-p", f"vcl_path={tmp_path}:{DEPLOY}",
         "-f", str(DEPLOY / "varnish.vcl")],
        capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.skipif(not Path(VARNISHD).exists(), reason="varnishd: make cluster-tools")
@pytest.mark.parametrize("which", ["cluster", "production example"])
def test_the_vcl_compiles_with_each_backends_file(tmp_path, which):
    if which == "cluster":
        backends = varnish_backends(Ports(), "pewarta-media")
    else:
        backends = (DEPLOY / "pewarta-backends.example.vcl").read_text()
    result = _compiles(tmp_path, backends)
    assert result.returncode == 0, result.stderr[-2000:]


def test_units_run_the_command_lines_of_pewarta_cluster(tmp_path):
    cluster = Cluster(tmp_path, Ports(), {"DATABASE_URL": "x", "REDIS_URL": "x"})
    lines = {c.name: " ".join(c.argv[1:]) for c in cluster.plan()}
    web = (DEPLOY / "pewarta-web@.service").read_text()
    assert "-m granian --interface wsgi" in web and "pewarta.wsgi:application" in web
    assert "-m granian --interface wsgi" in lines["web1"]
    assert "-m pewarta run_huey --quiet" in (DEPLOY / "pewarta-tasks@.service").read_text()
    assert "-m pewarta run_huey --quiet" in lines["tasks1"]
    assert "-m pewarta mailserver" in (DEPLOY / "pewarta-mail.service").read_text()
    assert "-m pewarta mailserver" in lines["mail"]
    varnish = (DEPLOY / "pewarta-varnish.service").read_text()
    assert "-f /srv/pewarta/deploy/varnish.vcl" in varnish and "varnish.vcl" in lines["varnish"]

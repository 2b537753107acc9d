"""Development settings can't go live by accident; production refuses test-only shortcuts."""
# ruff: noqa: S104 - the tests name the all-interfaces address to see it refused

import os
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from pewarta.common.listening import is_loopback, runserver_address

PRODUCTION_ENV = {
    "PEWARTA_ENV": "production",
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "berita.example.id",
    "DEBUG": "",
    "PEWARTA_PUBLISHER_NAME": "PT Warta Warga",
    "PEWARTA_PUBLISHER_ADDRESS": "Jl. Contoh 1, Bandung",
    "PEWARTA_PUBLISHER_RESPONSIBLE": "Penanggung Jawab",
    "PEWARTA_PUBLISHER_CHIEF_EDITOR": "Pemimpin Redaksi",
    "PEWARTA_PUBLISHER_PHONE": "022-000000",
}


def _settings_in_child(extra: dict, code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PEWARTA_VAR_DIR": str(tmp_path)}
    env.pop("PEWARTA_FAST_PASSWORD_HASHER", None)  # the test suite's own shortcut
    env.update(extra)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import pewarta.settings as s\n{code}"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_refuses_the_md5_test_hasher(tmp_path):
    child = _settings_in_child(
        {**PRODUCTION_ENV, "PEWARTA_FAST_PASSWORD_HASHER": "1"}, "print('started')", tmp_path
    )
    assert child.returncode != 0
    assert "ImproperlyConfigured" in child.stderr and "MD5" in child.stderr
    plain = _settings_in_child(PRODUCTION_ENV, "print(s.PASSWORD_HASHERS if hasattr(s, "
                               "'PASSWORD_HASHERS') else 'default')", tmp_path)  # fmt: skip
    assert plain.returncode == 0, plain.stderr
    assert "MD5" not in plain.stdout


def test_hsts_defaults_to_one_year_in_production(tmp_path):
    child = _settings_in_child(PRODUCTION_ENV, "print(s.SECURE_HSTS_SECONDS)", tmp_path)
    assert child.returncode == 0, child.stderr
    assert int(child.stdout.strip()) == 365 * 24 * 3600


def _never(*args, **kwargs):
    raise AssertionError("a server was started")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "berita.example.id", ""])
def test_development_run_refuses_a_public_address(host, monkeypatch):
    from pewarta.common.management.commands import run

    monkeypatch.setattr(run.subprocess, "Popen", _never)
    with pytest.raises(CommandError, match="development settings"):
        call_command("run", host=host, no_migrate=True)


def test_development_mailserver_refuses_a_public_address(monkeypatch):
    from pewarta.intake.management.commands import mailserver

    monkeypatch.setattr(mailserver, "serve", _never)
    with pytest.raises(CommandError, match="development settings"):
        call_command("mailserver", host="0.0.0.0", port=0)


@override_settings(PRODUCTION=True)
def test_production_may_listen_on_any_address():
    from pewarta.common.listening import listen_address_check

    listen_address_check("0.0.0.0")  # no error


def test_loopback_addresses_are_recognised():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]")
    assert is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("") and not is_loopback("10.0.0.1")
    assert runserver_address(["pewarta", "runserver", "0.0.0.0:8000"]) == "0.0.0.0"
    assert runserver_address(["pewarta", "runserver", "8000"]) == "127.0.0.1"
    assert runserver_address(["pewarta", "runserver", "[::]:8000"]) == "::"
    assert runserver_address(["pewarta", "runserver"]) == "127.0.0.1"
    assert runserver_address(["pewarta", "migrate"]) is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_development_runserver_refuses_a_public_address(tmp_path):
    env = {**os.environ, "PEWARTA_VAR_DIR": str(tmp_path)}
    env.pop("PEWARTA_ENV", None)
    try:
        child = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pewarta", "runserver", "--noreload",
             f"0.0.0.0:{_free_port()}"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("runserver started listening on all interfaces with development settings")
    assert child.returncode != 0
    assert "development settings" in child.stderr

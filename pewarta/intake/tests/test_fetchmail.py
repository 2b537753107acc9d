"""`pewarta fetchmail` against a private Dovecot on a loopback port (skipped if it can't start)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from imap_tools import MailBoxUnencrypted

from pewarta.conftest import missing_component
from pewarta.intake import fetchmail, services
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus
from pewarta.intake.tests.receiver import free_port

pytestmark = pytest.mark.django_db
USER, PASSWORD = "redaksi", "kata-sandi-imap"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@pytest.fixture(scope="module")
def dovecot():
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        missing_component("dovecot is not installed (apt-get install dovecot-imapd)")
    # Dovecot's auth process runs as its own user: the directory must be traversable by it.
    root = Path(tempfile.mkdtemp(prefix="pw-dovecot-"))
    root.chmod(0o755)
    port = free_port()
    users = ""
    if os.getuid() != 0:  # an unprivileged private instance runs everything as us
        import pwd

        me = pwd.getpwuid(os.getuid()).pw_name
        users = f"default_login_user = {me}\ndefault_internal_user = {me}"
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    (root / "users").chmod(0o644)
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:  # Dovecot never stores mail as root: use an unprivileged system user
        import pwd

        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
        for sub in ("mail", "home"):
            (root / sub).mkdir()
            os.chown(root / sub, uid, gid)
    (root / "dovecot.conf").write_text(
        CONFIG.format(root=root, port=port, uid=uid, gid=gid, users=users)
    )
    proc = subprocess.Popen(  # noqa: S603
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            shutil.rmtree(root, ignore_errors=True)
            missing_component(f"dovecot could not start: {proc.stderr.read().decode()} {log}"[:500])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        missing_component("dovecot did not open its IMAP port")
    yield {"port": port, "root": root}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot, settings):
    settings.PEWARTA_IMAP_HOST = "127.0.0.1"
    settings.PEWARTA_IMAP_PORT = dovecot["port"]
    settings.PEWARTA_IMAP_SSL = False
    settings.PEWARTA_IMAP_USER = USER
    settings.PEWARTA_IMAP_PASSWORD = PASSWORD
    settings.PEWARTA_IMAP_MOVE_TO = ""
    with MailBoxUnencrypted("127.0.0.1", dovecot["port"]).login(USER, PASSWORD) as box:
        for folder in box.folder.list():
            if folder.name != "INBOX":
                box.folder.delete(folder.name)
        box.folder.set("INBOX")
        uids = box.uids("ALL")
        if uids:
            box.delete(uids)
    return dovecot


def deliver(dovecot, *raws):
    with MailBoxUnencrypted("127.0.0.1", dovecot["port"]).login(USER, PASSWORD) as box:
        for raw in raws:
            box.append(raw, "INBOX")


def flags(dovecot, folder="INBOX"):
    with MailBoxUnencrypted("127.0.0.1", dovecot["port"]).login(USER, PASSWORD) as box:
        box.folder.set(folder)
        return [set(m.flags) for m in box.fetch(mark_seen=False, headers_only=True)]


def test_fetchmail_stores_each_message_then_flags_it(mailbox, django_capture_on_commit_callbacks):
    gmail, english = corpus.gmail(), corpus.english()
    deliver(mailbox, gmail, english)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetchmail", once=True)
    stored = InboundMessage.objects.order_by("pk")
    assert [bytes(m.raw) for m in stored] == [gmail, english]
    assert {m.channel for m in stored} == {"imap"}
    assert {m.outcome for m in stored} == {InboundMessage.Outcome.AWAITING_CONFIRMATION}
    assert all({"\\Seen", fetchmail.STORED_KEYWORD} <= f for f in flags(mailbox))


def test_fetchmail_again_stores_nothing_new(mailbox):
    deliver(mailbox, corpus.gmail())
    call_command("fetchmail", once=True)
    call_command("fetchmail", once=True)
    assert InboundMessage.objects.count() == 1


def test_a_failed_flag_is_harmless_the_next_poll_does_not_store_twice(mailbox, monkeypatch):
    deliver(mailbox, corpus.gmail(), corpus.english())

    def flag_fails(box, uid):
        raise OSError("connection dropped before the flag")

    monkeypatch.setattr(fetchmail, "_mark_done", flag_fails)
    with pytest.raises(CommandError):
        call_command("fetchmail", once=True)
    assert InboundMessage.objects.count() == 1  # stored before the flag was attempted
    assert all(fetchmail.STORED_KEYWORD not in f for f in flags(mailbox))
    monkeypatch.undo()
    call_command("fetchmail", once=True)
    assert InboundMessage.objects.count() == 2
    assert all(fetchmail.STORED_KEYWORD in f for f in flags(mailbox))


def test_nothing_is_flagged_when_storing_fails(mailbox, monkeypatch):
    deliver(mailbox, corpus.gmail())

    def store_fails(**kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(services, "inbound_message_store_once", store_fails)
    with pytest.raises(CommandError):
        call_command("fetchmail", once=True)
    assert not InboundMessage.objects.exists()
    assert flags(mailbox) == [set()]


def test_move_mode_moves_only_stored_messages(mailbox, settings):
    settings.PEWARTA_IMAP_MOVE_TO = "Diproses"
    with MailBoxUnencrypted("127.0.0.1", mailbox["port"]).login(USER, PASSWORD) as box:
        box.folder.create("Diproses")
    deliver(mailbox, corpus.gmail(), corpus.yahoo())
    call_command("fetchmail", once=True)
    assert InboundMessage.objects.count() == 2
    assert flags(mailbox) == []
    assert len(flags(mailbox, "Diproses")) == 2

"""Faults on a running cluster: what readers, writers and the newsroom see when a part dies."""

import os
import re
import signal
import smtplib
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from email.message import EmailMessage

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from pewarta.accounts import services as account_services
from pewarta.audit.models import Event
from pewarta.common import ratelimit
from pewarta.common.cluster import free_port, port_open
from pewarta.common.errors import RateLimited
from pewarta.common.mail import mail_send_on_commit
from pewarta.common.pytest_cluster import database_url
from pewarta.common.tests.cluster.helpers import get, wait_for
from pewarta.common.tests.cluster.test_storage import _jpeg
from pewarta.desk import services
from pewarta.desk.models import Status, Story
from pewarta.intake.models import InboundMessage

pytestmark = pytest.mark.slow


def kill(cluster, name, *, hold=True):
    """SIGKILL a cluster process (and its workers); with `hold`, it stays down until `release`."""
    child = next(c for c in cluster.children if c.name == name)
    if hold:
        cluster.hold_file(name).touch()
    os.killpg(child.proc.pid, signal.SIGKILL)
    child.proc.wait(10)
    return child


def release(cluster, name):
    cluster.hold_file(name).unlink(missing_ok=True)


class Load:
    """Readers during a fault: GETs through Varnish from a few threads, every outcome kept."""

    def __init__(self, paths, threads=6):
        self.paths = paths
        self.threads = threads
        self.results = []  # (time, ok, served_by)
        self.stop = threading.Event()
        self.workers = []

    def _run(self, offset):
        i = offset
        while not self.stop.is_set():
            path, headers = self.paths[i % len(self.paths)]
            i += 1
            try:
                status, response, _body = get(path, headers=headers)
                ok = status < 400
                served = response.get("x-served-by", "")
            except OSError:
                ok, served = False, ""
            self.results.append((time.monotonic(), ok, served))

    def __enter__(self):
        for n in range(self.threads):
            worker = threading.Thread(target=self._run, args=(n,), daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for worker in self.workers:
            worker.join(30)

    def failures(self, after=0.0):
        return [r for r in self.results if not r[1] and r[0] >= after]


@pytest.fixture
def stories(on_cluster, reader_site_data, make_story, editor):
    made = []
    for headline in ("Jalan Desa Diperbaiki Swadaya", "Pasar Malam Kembali Dibuka"):
        story = make_story(status=Status.APPROVED, headline=headline)
        made.append(services.story_publish(story=story, actor=editor))
    return made


def reader_paths(stories):
    plain = [(s.get_absolute_url(), {}) for s in stories] + [("/", {}), ("/berita/", {})]
    # English readers pass the edge: these reach a web node every time.
    english = [(s.get_absolute_url(), {"Accept-Language": "en"}) for s in stories]
    return plain * 2 + english


def test_a_web_node_killed_under_load(on_cluster, stories):
    """60 s of readers; web1 dies at 10 s and comes back at 30 s."""
    health = subprocess.Popen(
        ["varnishlog", "-n", str(on_cluster.root / "varnish"), "-g", "raw", "-i",
         "Backend_health"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    events = []

    def watch():
        for line in health.stdout:
            if "web1" in line:
                events.append((time.monotonic(), line))

    threading.Thread(target=watch, daemon=True).start()
    with Load(reader_paths(stories)) as load:
        start = time.monotonic()
        time.sleep(10)
        kill(on_cluster, "web1")
        wait_for(lambda: any("Went sick" in e[1] for e in events), timeout=15, what="sick")
        sick_at = next(t for t, line in events if "Went sick" in line)
        time.sleep(max(0.0, start + 30 - time.monotonic()))
        release(on_cluster, "web1")
        wait_for(lambda: any("Went healthy" in e[1] for e in events), timeout=60, what="back")
        healthy_at = next(t for t, line in events if "Went healthy" in line)
        time.sleep(max(0.0, start + 60 - time.monotonic()))
    health.terminate()
    total = len(load.results)
    assert total > 1000, "the load must really run"
    assert len(load.failures()) <= total * 0.001, f"{len(load.failures())} of {total} failed"
    assert load.failures(after=sick_at) == [], "nothing fails once the probe has marked it sick"
    after = [r for r in load.results if r[0] > healthy_at + 2]
    assert any(served == "web1" for _t, _ok, served in after), "web1 rejoined"


def _processing_owner(client):
    """The PID of a consumer holding a task in its processing list, if any."""
    for key in client.scan_iter(match="huey.processing.pewarta.*"):
        if client.llen(key):
            owner = key.decode().split(".", 3)[3].split("|")[0]
            return int(owner.split(":")[1])
    return None


def _consumer_named(cluster, pid):
    return next(c.name for c in cluster.children if c.proc and c.proc.pid == pid)


def test_a_consumer_killed_mid_publish_the_story_is_published_once(
    on_cluster, reader_site_data, make_story, editor
):
    story = make_story(status=Status.APPROVED, headline="Festival Layang-layang Pantai Selatan")
    client = redis.Redis.from_url(settings.REDIS_URL)
    when = timezone.now() + timedelta(seconds=4)
    services.story_schedule(story=story, actor=editor, when=when)
    with psycopg.connect(database_url()) as lock:
        # The test holds the story's row: the consumer that publishes it waits mid-task.
        lock.execute("SELECT id FROM desk_story WHERE id = %s FOR UPDATE", [story.pk])
        assert timezone.now() < when, "the row was locked before the task was due"
        owner = wait_for(lambda: _processing_owner(client), timeout=30, what="a consumer on it")
        time.sleep(1)
        name = _consumer_named(on_cluster, owner)
        kill(on_cluster, name)
        lock.rollback()
    try:
        wait_for(
            lambda: Story.objects.get(pk=story.pk).status == Status.PUBLISHED,
            timeout=60, what="the other consumer to publish it",
        )  # fmt: skip
        time.sleep(3)
        actions = ("story.publish", "story.published")  # before and after the rename to past tense
        assert Event.objects.filter(action__in=actions, story_id=story.pk).count() == 1
    finally:
        release(on_cluster, name)


def test_a_consumer_killed_mid_mail_the_mail_goes_out_once(on_cluster, mail_sink):
    client = redis.Redis.from_url(settings.REDIS_URL)
    address = f"pembaca-{uuid.uuid4().hex[:8]}@contoh.id"
    mail_sink.delay, mail_sink.started = 8.0, threading.Event()
    with transaction.atomic():
        mail_send_on_commit(to=address, template="test_ping", context={})
    assert mail_sink.started.wait(30), "a consumer started delivering"
    owner = wait_for(lambda: _processing_owner(client), timeout=10, what="the sending consumer")
    mail_sink.delay = 0.0
    name = _consumer_named(on_cluster, owner)
    kill(on_cluster, name)
    try:
        wait_for(lambda: mail_sink.to(address), timeout=60, what="the mail from the other one")
        time.sleep(12)  # long enough for a second copy to show up if one were coming
        assert len(mail_sink.to(address)) == 1
    finally:
        release(on_cluster, name)


def test_redis_restarted_under_load(on_cluster, stories, redis_server, make_story, editor):
    due = make_story(status=Status.APPROVED, headline="Kirab Budaya Digelar Sabtu Ini")
    services.story_schedule(story=due, actor=editor, when=timezone.now() + timedelta(seconds=12))
    with Load(reader_paths(stories), threads=4) as load:
        time.sleep(3)
        redis_server.stop()
        # While Redis is away: a publish still commits (its tasks wait in the database) ...
        late = make_story(status=Status.APPROVED, headline="Taman Baca Anak Diresmikan")
        services.story_publish(story=late, actor=editor)
        # ... and rate limits still hold, counted by this process alone.
        for _ in range(3):
            ratelimit.ratelimit_hit("search:198.51.100.7", limit=3, window=60)
        with pytest.raises(RateLimited):
            ratelimit.ratelimit_hit("search:198.51.100.7", limit=3, window=60)
        time.sleep(4)
        redis_server.start()
        time.sleep(5)
    total = len(load.results)
    assert total > 200 and len(load.failures()) <= total * 0.001, load.failures()[:5]
    wait_for(
        lambda: "Taman Baca Anak Diresmikan" in get("/")[2].decode(),
        timeout=60, what="the page purge queued while Redis was away",
    )  # fmt: skip
    wait_for(
        lambda: Story.objects.get(pk=due.pk).status == Status.PUBLISHED,
        timeout=90, what="the publication scheduled before the restart",
    )  # fmt: skip


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode()
        )  # fmt: skip
    for name, (filename, data, kind) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_s3_gateway_stopped_during_uploads(on_cluster, writer):
    account_services.consents_accept_current(contributor=writer.contributor)
    staff = Client()
    staff.force_login(writer)
    cookies = {"sessionid": staff.cookies["sessionid"].value, "csrftoken": uuid.uuid4().hex}
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    fields = {"csrfmiddlewaretoken": cookies["csrftoken"], "pen_name": "Penulis Uji",
              "language": "id", "birth_year": "1990"}  # fmt: skip

    def upload():
        body, kind = _multipart(
            fields, {"photo_upload": ("wajah.jpg", _jpeg((300, 300)), "image/jpeg")}
        )
        headers = {"Cookie": cookie, "Content-Type": kind, "Referer": "http://127.0.0.1:8000/"}
        return get("/akun/profil", method="POST", headers=headers, body=body)

    kill(on_cluster, "s3")
    try:
        status, headers, page = upload()
        assert status == 200, headers.get("location")
        assert "coba lagi" in page.decode().lower()
        writer.contributor.refresh_from_db()
        assert not writer.contributor.photo, "nothing half-saved"
    finally:
        release(on_cluster, "s3")
    wait_for(lambda: port_open(8333), timeout=60, what="the S3 gateway back")
    status, headers, _page = wait_for(
        lambda: (r := upload())[0] == 302 and r, timeout=30, what="an upload that works again"
    )
    writer.contributor.refresh_from_db()
    assert writer.contributor.photo
    assert get(f"/media/{writer.contributor.photo.name}")[0] == 200


def _mail(n: int, run: str) -> tuple[str, bytes]:
    message = EmailMessage()
    message["From"] = f"Warga {n} <warga{n}-{run}@contoh.id>"
    message["To"] = "redaksi@localhost"
    message["Subject"] = f"Kerja Bakti Kampung Nomor {n} Berjalan Lancar"
    message["Message-ID"] = f"<burst-{run}-{n}@contoh.id>"
    message.set_content(
        f"Warga kampung nomor {n} bergotong royong membersihkan saluran air pada Minggu pagi. "
        "Kegiatan dimulai pukul tujuh dan selesai menjelang siang.\n\n"
        "Ketua RT mengatakan kegiatan ini rutin digelar setiap bulan agar lingkungan tetap "
        "bersih dan sehat bagi anak-anak.\n"
    )
    return message["Message-ID"], message.as_bytes()


def test_smtp_receiver_killed_mid_burst(on_cluster):
    """Two receivers; one dies mid-burst. A sender retries the other, as an MTA with 2 MX does."""
    other_port = free_port()
    env = {**on_cluster.env, "DATABASE_URL": database_url()}
    second = subprocess.Popen(
        [sys.executable, "-m", "pewarta", "mailserver", "--host", "127.0.0.1",
         "--port", str(other_port)],
        env=env, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    wait_for(lambda: port_open(other_port), timeout=30, what="the second receiver")
    run = uuid.uuid4().hex[:6]
    answered: dict[str, int] = {}
    lock = threading.Lock()

    def send(numbers, first_port):
        for n in numbers:
            message_id, raw = _mail(n, run)
            for port in (first_port, other_port if first_port == 2525 else 2525) * 3:
                try:
                    with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
                        client.sendmail(f"warga{n}-{run}@contoh.id", ["redaksi@localhost"], raw)
                    with lock:
                        answered[message_id] = answered.get(message_id, 0) + 1
                    break
                except (OSError, smtplib.SMTPException):
                    time.sleep(0.2)

    senders = [
        threading.Thread(target=send, args=(range(0, 60, 2), 2525)),
        threading.Thread(target=send, args=(range(1, 60, 2), other_port)),
    ]
    try:
        for sender in senders:
            sender.start()
        wait_for(lambda: len(answered) >= 15, timeout=60, what="the burst under way")
        kill(on_cluster, "mail")
        for sender in senders:
            sender.join(120)
    finally:
        release(on_cluster, "mail")
        second.send_signal(signal.SIGTERM)
        second.wait(15)
    assert len(answered) == 60, "every message got its 250 from one receiver or the other"

    def all_processed():
        ours = InboundMessage.objects.filter(message_id__contains=f"burst-{run}-")
        return ours.count() >= 60 and not ours.filter(outcome="pending").exists()

    wait_for(all_processed, timeout=180, interval=1, what="every stored message processed")
    for message_id in answered:
        stories = set(
            InboundMessage.objects.filter(message_id=message_id).values_list("story", flat=True)
        )
        assert len(stories) == 1 and None not in stories, message_id
    assert Story.objects.filter(inbound_messages__message_id__contains=f"burst-{run}-"
                                ).distinct().count() == 60  # fmt: skip
    assert re.fullmatch(r"[0-9a-f]{6}", run)

"""Intake throughput: messages/s through the whole pipeline (stored, parsed, story created),
beside the bare `email.message_from_bytes` rate for the same bytes in the same run.

Runs on a throw-away test database (created and destroyed here), mail to locmem.
"""

import email
import io
import os
import tempfile
import time

os.environ.setdefault("PEWARTA_VAR_DIR", tempfile.mkdtemp(prefix="pw-bench-intake-"))
os.environ.setdefault("HUEY_IMMEDIATE", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")


def _messages(kind: str, count: int) -> list[bytes]:
    from email.message import EmailMessage

    from PIL import Image

    from pewarta.intake.tests import corpus

    photos = []
    if kind == "docx":
        for shade in (90, 160):
            image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
            image = Image.blend(image, Image.new("RGB", image.size, (shade, 80, 40)), 0.5)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=88, exif=corpus.exif_bytes())
            photos.append(out.getvalue())
        document = corpus.docx_file(heading="Naskah Uji Kecepatan")
    raws = []
    for i in range(count):
        msg = EmailMessage()
        msg["From"] = f"Penulis {i} <penulis{i}@example.id>"
        msg["To"] = "redaksi@localhost"
        msg["Subject"] = f"Warga Kampung {i} Gelar Kerja Bakti"
        msg["Message-ID"] = f"<bench-{kind}-{i}-{time.time_ns()}@example.id>"
        msg.set_content(f"KAMPUNG {i} - " + corpus.STORY + f"\n\nNomor {i}.\n\nSalam,\nPenulis")
        if kind == "docx":
            msg.add_attachment(document, maintype="application", filename="naskah.docx",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml"
                               ".document")  # fmt: skip
            for n, data in enumerate(photos, start=1):
                msg.add_attachment(data, maintype="image", subtype="jpeg",
                                   filename=f"IMG_{n}.jpg")  # fmt: skip
        raws.append(corpus.wire(msg))
    return raws


def _rate(fn, items) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - started)


def _pipeline(raw: bytes):
    from pewarta.intake import services

    message = services.inbound_message_store(
        raw=raw, channel="smtp", envelope_from="penulis@example.id"
    )
    message = services.inbound_message_process(message=message)
    assert message.story_id is not None, message.reason


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from pewarta.intake.parse import parse_submission

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="pw-bench-media-")
    HUEY.immediate = True
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for kind, count in (("plain", 300), ("docx", 40)):
            raws = _messages(kind, count)
            bare = _rate(email.message_from_bytes, raws * 5)
            parsed = _rate(parse_submission, raws[: max(5, len(raws) // 4)])
            _pipeline(_messages(kind, 1)[0])  # warm caches (templates, imports)
            whole = _rate(_pipeline, raws)
            size = sum(map(len, raws)) // len(raws)
            label = "plain text" if kind == "plain" else ".docx + 2 photos"
            print(
                f"   {label:<17} ({size // 1024:>4} KiB): pipeline {whole:8.1f} msg/s | "
                f"bare message_from_bytes {bare:9.1f} msg/s | ratio {whole / bare:.3f} "
                f"(parse_submission alone {parsed:.1f} msg/s, ratio {parsed / bare:.3f})"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

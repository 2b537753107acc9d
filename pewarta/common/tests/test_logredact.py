"""Log output never holds a plain e-mail address, tracebacks included."""

import io
import logging
import logging.config

from django.conf import settings

from pewarta.common.logredact import redact_addresses


def test_addresses_are_masked_in_every_log_line_and_traceback():
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    stream = io.StringIO()
    logging.config.dictConfig(config)
    root = logging.getLogger()
    handler = root.handlers[0]
    old_stream = handler.setStream(stream)
    try:
        log = logging.getLogger("pewarta.intake.smtp")
        log.error("storing a message from %s failed", "asep.sunandar@gmail.com")
        try:
            raise ValueError("tidak dapat mengirim ke rina.w@kantor.example.id")
        except ValueError:
            log.exception("mail out failed")
    finally:
        handler.setStream(old_stream)
    out = stream.getvalue()
    assert "asep.sunandar@gmail.com" not in out and "a***@gmail.com" in out
    assert "rina.w@kantor" not in out and "r***@kantor.example.id" in out
    assert "ValueError" in out  # the traceback is still there


def test_redaction_keeps_text_without_addresses():
    assert redact_addresses("no address here, 10 @ 3") == "no address here, 10 @ 3"
    assert redact_addresses("inbound message 42 failed (attempt 3)") == (
        "inbound message 42 failed (attempt 3)"
    )

"""Property-based: mutated and random messages never raise out of the parser or the pipeline."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pewarta.intake import parse, services
from pewarta.intake.models import InboundMessage
from pewarta.intake.tests import corpus

SEEDS = [corpus.gmail(), corpus.outlook(), corpus.apple_mail(), corpus.docx_mail(),
         corpus.windows_1252(), corpus.forwarded(), corpus.android_heic()]  # fmt: skip
FINAL = set(InboundMessage.Outcome.values) - {InboundMessage.Outcome.PENDING}


@st.composite
def mutated(draw):
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "header", "dup"]))
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del raw[at : at + draw(st.integers(1, 4000))]
        elif op == "insert":
            raw[at:at] = draw(st.binary(max_size=200))
        elif op == "header":
            name = draw(st.sampled_from([b"Content-Type", b"Content-Transfer-Encoding",
                                         b"From", b"Subject", b"Content-ID", b"Message-ID"]))  # fmt: skip
            value = draw(st.binary(max_size=80)).replace(b"\n", b" ")
            raw[0:0] = name + b": " + value + b"\r\n"
        elif op == "dup":
            raw[at:at] = raw[at : at + draw(st.integers(1, 3000))]
    return bytes(raw)


@settings(max_examples=150, deadline=None)
@given(st.one_of(mutated(), st.binary(max_size=3000)))
def test_parser_raises_only_parse_errors(raw):
    try:
        parse.parse_submission(raw)
    except parse.ParseError as error:
        assert str(error.reason)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.one_of(mutated(), st.binary(max_size=2000)))
def test_pipeline_never_raises_and_always_decides(raw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.inbound_message_store(raw=raw, channel="smtp", envelope_from="x@y.id")
        message = services.inbound_message_process_safely(message=message)
    assert message.outcome in FINAL
    if message.outcome == InboundMessage.Outcome.QUARANTINED:
        assert message.reason


TAGS = ["div", "p", "b", "i", "a", "blockquote", "img", "br", "script", "style", "table", "td",
        "li", "ul", "pre", "h1", "span"]  # fmt: skip


@st.composite
def html_soup(draw):
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.sampled_from(["open", "close", "text", "attr"]))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "attr":
            value = draw(st.sampled_from(["gmail_quote", "cid:x", "javascript:alert(1)", "cite"]))
            parts.append(f'<{tag} class="{value}" src="{value}" href="{value}" type="{value}">')
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(html_soup())
def test_any_html_becomes_safe_blocks(html):
    blocks = parse.strip_replies_and_signatures(parse.html_blocks(html))
    rendered = parse.render_blocks(blocks, {})
    assert "<script" not in rendered and "javascript:" not in rendered

"""The /api/v1/ endpoints (django-ninja): OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Views only translate HTTP to the services in `pieces`, `webhooks` and `reading`; every error
leaves as JSON with a stable code (`errors.py`), whatever the input.
"""

import json
import logging
from functools import wraps

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja import Status as Answer
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from pewarta.api import keys, pieces, reading, schemas, webhooks
from pewarta.api.errors import error_response, from_pewarta_error
from pewarta.common.errors import PewartaError, ValidationFailed
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.contributors.status import status_word, story_timeline
from pewarta.desk.models import Status

logger = logging.getLogger(__name__)


class KeyAuth(HttpBearer):
    """`Authorization: Bearer pw_...`; every call counts against the key's rate limit."""

    def authenticate(self, request, token):
        key = keys.key_for(token)
        if key is None:
            return None
        ratelimit_hit(f"api-key:{key.pk}", limit=600, window=60)
        keys.key_touch(key)
        return key


DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def docs_policy(view):
    """The docs page (Swagger UI from our own static files) runs under a strict CSP:
    scripts only from our origin, nothing inline."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.setdefault("Content-Security-Policy", DOCS_POLICY)
        return response

    return wrapper


api = NinjaAPI(
    title="Pewarta API",
    version="1",
    description=_("Kirim dan lacak naskah dari sistem lembaga; baca berita yang sudah tayang."),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=docs_policy,
)
auth = KeyAuth()


@api.exception_handler(PewartaError)
def _pewarta_error(request, exc):
    return from_pewarta_error(exc)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = error_response("unauthorized", 401)
    response["WWW-Authenticate"] = 'Bearer realm="pewarta"'
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    details = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return error_response("invalid", 422, ValidationFailed.default_message, details=details)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response("not_found", 404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
    return error_response(code.get(exc.status_code, "bad_request"), exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_response("too_large", 413)


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request, exc):
    return error_response("bad_request", 400)


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return error_response("bad_request", 400)


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    return error_response("bad_request", 400)


@api.exception_handler(Exception)
def _ours(request, exc):
    logger.exception("API request %s %s failed", request.method, request.path)
    return error_response("internal", 500)


def _public_limit(request):
    ratelimit_hit(f"api-read:{client_ip(request)}", limit=600, window=60)


# --- institutions: submit, track, answer, webhooks ------------------------------------------


def _submitted_data(request):
    """(data, photos, docx) from a JSON body or a multipart form (field `data` = the JSON)."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationFailed(_("Badan permintaan bukan JSON yang sah.")) from None
        return data, [], None
    if content_type == "multipart/form-data":
        raw = request.POST.get("data")
        if raw is None:
            data = {k: request.POST.get(k) for k in request.POST}
            data.pop("photos", None)
        else:
            try:
                data = json.loads(raw)
            except ValueError:
                raise ValidationFailed(_("Kolom “data” bukan JSON yang sah.")) from None
        return data, request.FILES.getlist("photos"), request.FILES.get("docx")
    raise ValidationFailed(_("Kirim sebagai application/json atau multipart/form-data."))


def piece_summary(story) -> dict:
    revision = story.draft_revision
    return {
        "tracking_code": story.tracking_code,
        "status": story.status,
        "status_label": status_word(story.status),
        "kind": story.kind,
        "headline": revision.headline if revision else "",
        "submitted_at": reading.iso(story.submitted_at),
        "url": reading.absolute(story.get_absolute_url())
        if story.status == Status.PUBLISHED
        else None,
    }


@api.post(
    "/pieces",
    auth=auth,
    tags=["naskah"],
    response={200: schemas.PieceOut, 201: schemas.PieceOut},
    summary="Kirim naskah",
    openapi_extra=schemas.PIECE_REQUEST,
)
def piece_submit(request):
    """Send a piece to the desk (scope `submit`). Repeat with the same `Idempotency-Key`
    header and you get the same piece back, never a second one."""
    data, photos, docx = _submitted_data(request)
    story, created = pieces.piece_submit(
        key=request.auth,
        data=data,
        photos=photos,
        docx=docx,
        idempotency_key=request.headers.get("Idempotency-Key", "").strip(),
    )
    return Answer(201 if created else 200, piece_summary(story))


def _own(request, code: str):
    story = pieces.pieces_of(request.auth).filter(tracking_code=code).first()
    if story is None:
        raise Http404
    return story


@api.get("/pieces", auth=auth, tags=["naskah"], response=schemas.PiecePage)
def piece_list(request, cursor: str = "", limit: int | None = None):
    """Your pieces, newest first (scope `read-own`)."""
    stories = pieces.pieces_of(request.auth).select_related("draft_revision")
    if cursor:
        (after,) = reading.cursor_decode(cursor, 1)
        if not after.isdigit():
            raise ValidationFailed(_("Kursor tidak sah."))
        stories = stories.filter(pk__lt=int(after))
    size = reading.limit_of(limit)
    rows = list(stories.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return {
        "items": [piece_summary(s) for s in rows],
        "next_cursor": reading.cursor_encode(rows[-1].pk) if more and rows else None,
    }


@api.get("/pieces/{code}", auth=auth, tags=["naskah"], response=schemas.PieceDetail)
def piece_detail(request, code: str):
    """Status, timeline and the conversation with the desk (scope `read-own`)."""
    story = _own(request, code)
    return {
        **piece_summary(story),
        "timeline": [
            {"status": s["status"], "label": str(s["word"]), "at": reading.iso(s["at"])}
            for s in story_timeline(story)
        ],
        "messages": [
            {
                "direction": "from_desk" if m.direction == "out" else "to_desk",
                "subject": m.subject,
                "text": m.body_text,
                "at": reading.iso(m.created_at),
            }
            for m in story.messages.order_by("created_at", "pk")
        ],
    }


@api.post("/pieces/{code}/messages", auth=auth, tags=["naskah"], response={201: schemas.MessageOut})
def piece_reply(request, code: str, payload: schemas.MessageIn):
    """Answer the desk about one of your pieces (scope `submit`)."""
    story = _own(request, code)
    message = pieces.piece_reply(key=request.auth, story=story, text=payload.text)
    return Answer(201, {"text": message.body_text, "at": reading.iso(message.created_at)})


@api.get("/webhooks", auth=auth, tags=["webhook"], response=list[schemas.WebhookOut])
def webhook_list(request):
    return [
        {"id": h.pk, "url": h.url, "active": h.is_active, "created_at": reading.iso(h.created_at)}
        for h in webhooks.hooks_of(request.auth).filter(is_active=True)
    ]


@api.post("/webhooks", auth=auth, tags=["webhook"], response={201: schemas.WebhookCreated})
def webhook_register(request, payload: schemas.WebhookIn):
    """Register a URL; the answer holds the signing secret, shown only this once."""
    hook, secret = webhooks.hook_register(key=request.auth, url=payload.url)
    return Answer(201, {"id": hook.pk, "url": hook.url, "secret": secret})


@api.delete("/webhooks/{hook_id}", auth=auth, tags=["webhook"], response={204: None})
def webhook_remove(request, hook_id: int):
    hook = webhooks.hooks_of(request.auth).filter(pk=hook_id, is_active=True).first()
    if hook is None:
        raise Http404
    webhooks.hook_remove(key=request.auth, hook=hook)
    return Answer(204, None)


# --- everyone: published stories and what surrounds them -----------------------------------


def _params(request, names) -> dict:
    return {n: request.GET.get(n, "") for n in names}


STORY_FILTERS = ("section", "tag", "author", "kind", "since", "until", "cursor", "limit")


@api.get("/stories", tags=["baca"], response=schemas.StoryPage, openapi_extra=schemas.ETAG_DOC)
def story_list(
    request,
    section: str = "",
    tag: str = "",
    author: str = "",
    kind: str = "",
    since: str = "",
    until: str = "",
    cursor: str = "",
    limit: str = "",
):
    """Published stories, newest first; filters combine; `next_cursor` gives the next page."""
    _public_limit(request)
    return reading.etagged(request, reading.stories_page(_params(request, STORY_FILTERS)))


@api.get("/stories/{story_id}", tags=["baca"], response=schemas.StoryDetail)
def story_detail(request, story_id: int):
    """One published story; a retracted one answers 410 with the reason."""
    _public_limit(request)
    story, refusal = reading.story_lookup(story_id)
    if refusal is not None:
        return refusal
    return reading.etagged(request, reading.story_detail(story))


@api.get("/sections", tags=["baca"])
def section_list(request):
    _public_limit(request)
    return reading.etagged(request, reading.sections(), max_age=300)


@api.get("/tags", tags=["baca"])
def tag_list(request, cursor: str = "", limit: str = ""):
    _public_limit(request)
    return reading.etagged(request, reading.tags_page(_params(request, ("cursor", "limit"))))


@api.get("/authors", tags=["baca"])
def author_list(request, cursor: str = "", limit: str = ""):
    _public_limit(request)
    return reading.etagged(request, reading.authors_page(_params(request, ("cursor", "limit"))))


@api.get("/corrections", tags=["baca"])
def correction_list(request, cursor: str = "", limit: str = ""):
    """The corrections log (Ralat and Koreksi), newest first."""
    _public_limit(request)
    page = reading.corrections_page(_params(request, ("cursor", "limit")))
    return reading.etagged(request, page)


def api_not_found(request, rest=""):
    """Anything else under /api/ is a JSON 404, never the reader site's HTML page."""
    return error_response("not_found", 404)

"""Shapes of the API's answers, for the OpenAPI document (and ninja's output checking)."""

from ninja import Schema


class PieceIn(Schema):
    headline: str
    lead: str = ""
    body: str = ""
    body_format: str = "text"  # text | markdown | html
    kind: str = "siaran_pers"  # berita | opini | esai | kolom | siaran_pers
    dateline: str = ""
    affiliation_disclosure: str = ""
    originality_confirmed: bool
    photos: list[dict] = []  # one {"credit", "caption", "rights_confirmed"} per photo file


class PieceOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    kind: str
    headline: str
    submitted_at: str | None
    url: str | None


class PiecePage(Schema):
    items: list[PieceOut]
    next_cursor: str | None


class Step(Schema):
    status: str
    label: str
    at: str | None


class MessageOut(Schema):
    text: str
    at: str | None


class ConversationItem(Schema):
    direction: str
    subject: str
    text: str
    at: str | None


class PieceDetail(PieceOut):
    timeline: list[Step]
    messages: list[ConversationItem]


class MessageIn(Schema):
    text: str


class WebhookIn(Schema):
    url: str


class WebhookOut(Schema):
    id: int
    url: str
    active: bool
    created_at: str | None


class WebhookCreated(Schema):
    id: int
    url: str
    secret: str


class Person(Schema):
    slug: str
    name: str


class Picture(Schema):
    src: str | None
    caption: str | None
    credit: str | None


class StoryItem(Schema):
    id: int
    url: str
    kind: str
    section: str | None
    headline: str
    lead: str
    dateline: str
    authors: list[Person]
    tags: list[str]
    published_at: str | None
    first_published_at: str | None
    image: Picture | None


class StoryPage(Schema):
    items: list[StoryItem]
    next_cursor: str | None


class StoryDetail(StoryItem):
    body_html: str
    images: list[dict]
    is_unverified: bool
    follow_up_of: int | None


PIECE_REQUEST = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "Same key, same piece: a retried call never makes a second one.",
        }
    ],
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PieceIn.json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "data": {"type": "string", "description": "PieceIn as JSON"},
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                        "docx": {"type": "string", "format": "binary"},
                    },
                    "required": ["data"],
                }
            },
        },
    },
}
ETAG_DOC = {
    "parameters": [
        {
            "in": "header",
            "name": "If-None-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": "The ETag of an earlier answer: 304 when nothing changed.",
        }
    ]
}

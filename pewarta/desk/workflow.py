"""The editorial workflow: one table of (status, action) -> status and who may do it.

Services in `desk.services` consult this table; nothing else decides whether a story may move.
Roles: the staff roles of `accounts.roles`, CONTRIBUTOR (an author of the story) and SYSTEM
(tasks such as scheduled publishing and intake).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pewarta.accounts.roles import CONTRIBUTOR, EDITOR, SENIOR_EDITOR, SYSTEM, roles_of
from pewarta.common.errors import NotPermitted, TransitionNotAllowed
from pewarta.desk.models import Status as S


class _SystemActor:
    """The actor for work no person started (scheduled publishing, intake tasks)."""

    pk = None
    id = None
    is_authenticated = False
    is_active = True
    is_superuser = False

    def __str__(self):
        return "system"


SYSTEM_ACTOR = _SystemActor()


@dataclass(frozen=True)
class Transition:
    action: str
    source: S
    target: S
    roles: frozenset


def _t(action, sources, target, roles):
    return [Transition(action, s, target, frozenset(roles)) for s in sources]


_OPEN = (S.AWAITING_CONFIRMATION, S.RECEIVED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED)

TRANSITIONS: list[Transition] = [
    *_t("confirm_sender", [S.AWAITING_CONFIRMATION], S.RECEIVED, {SYSTEM, CONTRIBUTOR, EDITOR}),
    *_t("expire", [S.AWAITING_CONFIRMATION], S.REJECTED, {SYSTEM}),
    *_t("review", [S.RECEIVED], S.IN_REVIEW, {EDITOR}),
    *_t("request_changes", [S.IN_REVIEW], S.CHANGES_REQUESTED, {EDITOR}),
    *_t("resubmit", [S.CHANGES_REQUESTED], S.IN_REVIEW, {CONTRIBUTOR}),
    *_t("approve", [S.IN_REVIEW], S.APPROVED, {EDITOR}),
    *_t("reopen", [S.APPROVED], S.IN_REVIEW, {EDITOR}),
    *_t(
        "reject",
        [S.AWAITING_CONFIRMATION, S.RECEIVED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED],
        S.REJECTED,
        {EDITOR},
    ),
    *_t("schedule", [S.IN_REVIEW, S.APPROVED], S.SCHEDULED, {EDITOR}),
    *_t("unschedule", [S.SCHEDULED], S.APPROVED, {EDITOR}),
    *_t("publish", [S.IN_REVIEW, S.APPROVED], S.PUBLISHED, {EDITOR}),
    *_t("publish", [S.SCHEDULED], S.PUBLISHED, {EDITOR, SYSTEM}),
    *_t("update", [S.PUBLISHED], S.PUBLISHED, {EDITOR}),
    *_t("unpublish", [S.PUBLISHED], S.IN_REVIEW, {SENIOR_EDITOR}),
    *_t("retract", [S.PUBLISHED], S.RETRACTED, {SENIOR_EDITOR}),
    *_t("withdraw", [*_OPEN, S.SCHEDULED], S.WITHDRAWN, {CONTRIBUTOR}),
]

_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}
ACTIONS = sorted({t.action for t in TRANSITIONS})

# Who may change a story's text, by status.
EDITABLE = {
    EDITOR: {S.RECEIVED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.PUBLISHED},
    CONTRIBUTOR: {S.AWAITING_CONFIRMATION, S.RECEIVED, S.CHANGES_REQUESTED},
}

ACTION_LABELS = {
    "confirm_sender": _("Konfirmasi pengirim"),
    "expire": _("Konfirmasi kedaluwarsa"),
    "review": _("Mulai tinjau"),
    "request_changes": _("Minta revisi"),
    "resubmit": _("Kirim ulang"),
    "approve": _("Setujui"),
    "reopen": _("Buka kembali"),
    "reject": _("Tolak"),
    "schedule": _("Jadwalkan"),
    "unschedule": _("Batalkan jadwal"),
    "publish": _("Tayangkan"),
    "update": _("Tayangkan pembaruan"),
    "unpublish": _("Turunkan ke draf"),
    "retract": _("Cabut"),
    "withdraw": _("Tarik naskah"),
}


# The audit name of each action, in the past tense like every Event (`story.published`).
EVENT_NAMES = {
    "confirm_sender": "story.sender_confirmed",
    "expire": "story.confirmation_expired",
    "review": "story.review_started",
    "request_changes": "story.changes_requested",
    "resubmit": "story.resubmitted",
    "approve": "story.approved",
    "reopen": "story.reopened",
    "reject": "story.rejected",
    "schedule": "story.scheduled",
    "unschedule": "story.unscheduled",
    "publish": "story.published",
    "update": "story.updated",
    "unpublish": "story.unpublished",
    "retract": "story.retracted",
    "withdraw": "story.withdrawn",
}


def actor_roles(actor, story) -> set[str]:
    """The roles `actor` holds with respect to `story`."""
    if actor is SYSTEM_ACTOR:
        return {SYSTEM}
    roles = roles_of(actor)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if is_user and story.pk and story.authors.filter(user_id=actor.pk).exists():
        roles.add(CONTRIBUTOR)
    return roles


_guards = []


def register_guard(guard):
    """Register `guard(story, action, actor)`; it raises a PewartaError to refuse a transition.

    Apps add their own preconditions (a guardian's consent, the risk checklist) here instead
    of editing the table; `check_transition` runs every guard after the table allows a move.
    """
    if guard not in _guards:
        _guards.append(guard)
    return guard


def find_transition(story, action: str) -> Transition:
    """The transition for `action` from the story's status, or TransitionNotAllowed."""
    transition = _BY_KEY.get((story.status, action))
    if transition is None:
        raise TransitionNotAllowed(
            _("“%(action)s” tidak dapat dilakukan selagi naskah berstatus “%(status)s”.")
            % {"action": ACTION_LABELS.get(action, action), "status": story.get_status_display()},
            action=action,
            status=story.status,
        )
    return transition


def check_transition(story, action: str, actor) -> Transition:
    """Return the allowed transition or raise TransitionNotAllowed / NotPermitted."""
    transition = find_transition(story, action)
    if not transition.roles & actor_roles(actor, story):
        raise NotPermitted(
            _("Anda tidak berwenang untuk “%(action)s” naskah ini.")
            % {"action": ACTION_LABELS.get(action, action)},
            action=action,
        )
    for guard in list(_guards):
        guard(story, action, actor)
    return transition


def allowed_actions(story, actor) -> list[str]:
    """Actions `actor` may take on `story` now (for buttons; services check again)."""
    roles = actor_roles(actor, story)
    return [t.action for t in TRANSITIONS if t.source == story.status and t.roles & roles]


def check_can_edit(story, actor) -> None:
    roles = actor_roles(actor, story)
    if not any(story.status in EDITABLE.get(role, ()) for role in roles):
        raise NotPermitted(_("Anda tidak dapat menyunting naskah ini pada statusnya sekarang."))

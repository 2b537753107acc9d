"""How a story's state reads to its author and to anyone with the tracking code."""

from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Status

CONTRIBUTOR_WORDS = {
    Status.AWAITING_CONFIRMATION: _("Menunggu Konfirmasi"),
    Status.RECEIVED: _("Naskah Masuk"),
    Status.IN_REVIEW: _("Dalam Peninjauan"),
    Status.CHANGES_REQUESTED: _("Perlu Revisi"),
    Status.APPROVED: _("Dalam Peninjauan"),
    Status.SCHEDULED: _("Dijadwalkan"),
    Status.PUBLISHED: _("Tayang"),
    Status.REJECTED: _("Ditolak"),
    Status.WITHDRAWN: _("Ditarik"),
    Status.RETRACTED: _("Dicabut"),
}


def status_word(status: str) -> str:
    return str(CONTRIBUTOR_WORDS.get(status, status))


def story_timeline(story) -> list[dict]:
    """The steps the story went through, from its Events, in the newsroom's words.

    Consecutive steps with the same word (in review -> approved) are one step.
    """
    steps = []
    events = story.events.exclude(to_status="").order_by("created_at", "id")
    for event in events.only("to_status", "created_at", "action"):
        word = status_word(event.to_status)
        if steps and steps[-1]["word"] == word:
            continue
        steps.append({"word": word, "status": event.to_status, "at": event.created_at})
    return steps

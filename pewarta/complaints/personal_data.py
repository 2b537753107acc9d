"""Complaints as a place of personal data: what a complainant told us about themselves.

Registered with `accounts.personal_data` in ComplaintsConfig.ready. Erasure keeps the
complaint's substance and outcome (the press rules ask us to prove how it was handled) without
the complainant's name, address, telephone, identity statement or evidence file. A published
Hak Jawab stays as published.
"""

from django.db.models import Q

from pewarta.accounts.personal_data import Person, register_place
from pewarta.complaints.models import Complaint


def _theirs(person: Person):
    match = Q(pk__in=[])
    for address in person.addresses:
        match |= Q(email__iexact=address)
    return Complaint.objects.filter(match)


def complaints_export(person: Person):
    return [
        {
            "kind": c.kind,
            "reason": c.reason,
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "identity": c.identity,
            "passage": c.passage,
            "body": c.body,
            "source": c.source,
            "evidence_kept": bool(c.evidence),
            "received_at": c.received_at.isoformat(),
            "state": c.state,
            "outcome": c.outcome,
        }
        for c in _theirs(person)
    ] or None


def complaints_erase(person: Person, actor) -> int:
    done = 0
    for complaint in _theirs(person):
        if complaint.evidence:
            person.files.append((complaint.evidence.storage, complaint.evidence.name))
        done += Complaint.objects.filter(pk=complaint.pk).update(
            name="",
            email="",
            phone="",
            identity="",
            evidence="",
            passage=person.scrub(complaint.passage),
            body=person.scrub(complaint.body),
            source=person.scrub(complaint.source),
            outcome_note=person.scrub(complaint.outcome_note),
        )
    return done


register_place("complaints", export=complaints_export, erase=complaints_erase)

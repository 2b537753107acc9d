"""Where personal data lives: one registry every room adds its places to (UU PDP).

A person's address or name ends up in many rooms: the account, raw inbound mail, sender
confirmations, consent records, audit Events, complaints, comments. Each room registers a
*place* here with `register_place(name, export=..., erase=...)` (usually in its
AppConfig.ready); `contributors.privacy` exports and erases through every registered place, so
a new room joins export and erasure by registering, not by being imported from below.

`export(person)` returns JSON-ready data (or None when it holds nothing); `erase(person, actor)`
removes or neutralises what it holds and returns how many records it touched. Erase functions
run inside the erasure's transaction and may add (storage, name) pairs to `person.files`, which
are deleted after commit.
"""

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from pewarta.audit.services import events_scrub

REDACTED = "[dihapus]"
MIN_NAME_LENGTH = 4  # shorter names ("Ayu") would blank ordinary words in the records


@dataclass
class Person:
    """Who is being exported or erased: their account and every address and name they used."""

    contributor: object = None
    user: object = None
    addresses: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    files: list = field(default_factory=list)

    def needles(self) -> list[str]:
        found = {a.strip().lower() for a in self.addresses if a and "@" in a}
        found |= {n.strip() for n in self.names if n and len(n.strip()) >= MIN_NAME_LENGTH}
        return sorted(found, key=len, reverse=True)

    def mentions(self, text: str) -> bool:
        low = (text or "").lower()
        return any(needle.lower() in low for needle in self.needles())

    def scrub(self, value):
        """`value` (text or JSON) with every address and name of the person replaced."""
        return scrub(value, self.needles())


def scrub(value, needles: list[str]):
    if isinstance(value, str):
        for needle in needles:
            value = re.sub(re.escape(needle), REDACTED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, needles) for k, v in value.items()}
    return value


def address_hash(address: str) -> str:
    """A keyed hash of an address: proves "this address agreed" without keeping the address
    (HMAC-SHA256 with the site's SECRET_KEY, lower-cased address)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "").strip().lower().encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Place:
    name: str
    export: Callable | None
    erase: Callable | None


_places: dict[str, Place] = {}


def register_place(name: str, *, export: Callable | None = None, erase: Callable | None = None):
    """Register (or replace) the place `name` where personal data lives."""
    _places[name] = Place(name, export, erase)


def places() -> list[Place]:
    return list(_places.values())


def personal_data_export(person: Person) -> dict:
    out = {}
    for place in places():
        if place.export is not None:
            data = place.export(person)
            if data:
                out[place.name] = data
    return out


def personal_data_erase(person: Person, *, actor) -> dict:
    """Run every place's erase; the caller holds the transaction. Returns counts per place.

    The Events go last: the other places' erasures may record Events that name the person.
    """
    ordered = sorted(places(), key=lambda place: place.name == "events")
    return {place.name: place.erase(person, actor) for place in ordered if place.erase}


# --- the places of this room and of audit below it --------------------------------------------


def _events_erase(person: Person, actor) -> int:
    return events_scrub(
        needles=person.needles(), replace=person.scrub, user=person.user, stories=None
    )


def _consents_erase(person: Person, actor) -> int:
    """Proof of consent stays (purpose, policy version, time); who else was named goes."""
    if person.contributor is None:
        return 0
    return person.contributor.consents.update(guardian_name="", guardian_email="", ip_address=None)


def _requests_erase(person: Person, actor) -> int:
    from pewarta.accounts.models import DataRequest

    done = 0
    for request in DataRequest.objects.filter(contributor=person.contributor).exclude(
        contributor=None
    ):
        label = f"#{person.contributor.pk}"
        request.requester_label = label
        request.detail = person.scrub(request.detail)
        request.resolution = person.scrub(request.resolution)
        request.save(update_fields=["requester_label", "detail", "resolution"])
        done += 1
    return done


def _invites_erase(person: Person, actor) -> int:
    from pewarta.accounts.models import OrganizationInvite

    done = 0
    for address in person.addresses:
        done += OrganizationInvite.objects.filter(email__iexact=address).delete()[0]
    return done


def _login_records_erase(person: Person, actor) -> int:
    """django-axes keeps every login attempt by the address typed (the login logs)."""
    from django.apps import apps

    if not apps.is_installed("axes"):
        return 0
    done = 0
    for model_name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", model_name)
        except LookupError:
            continue
        for address in person.addresses:
            done += model.objects.filter(username__iexact=address).delete()[0]
        if person.user is not None:
            done += model.objects.filter(username__iexact=person.user.get_username()).delete()[0]
    return done


register_place("events", erase=_events_erase)
register_place("consents", erase=_consents_erase)
register_place("data_requests", erase=_requests_erase)
register_place("organization_invites", erase=_invites_erase)
register_place("login_records", erase=_login_records_erase)

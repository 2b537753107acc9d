"""Integrity's place in the personal-data registry (UU PDP): the photo index keeps each
photo's credit and caption, which may name a writer. Erasure turns credits naming the person
into "Dokumentasi pribadi", takes their name out of captions, and forgets photos whose files
the erasure deletes (so the media library never offers a photo that is gone)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.personal_data import Person, register_place
from pewarta.integrity.models import PhotoBand, PhotoPrint

PRIVATE_CREDIT = _("Dokumentasi pribadi")


def _naming(person: Person):
    rows = []
    for row in PhotoPrint.objects.only("pk", "src", "credit", "caption").iterator():
        if person.mentions(row.credit) or person.mentions(row.caption):
            rows.append(row)
    return rows


def photos_export(person: Person):
    rows = _naming(person)
    return [{"foto": r.src, "kredit": r.credit, "keterangan": r.caption} for r in rows] or None


def photos_erase(person: Person, actor) -> int:
    done = 0
    gone = {
        settings.MEDIA_URL + name for storage, name in person.files if storage is default_storage
    }
    with transaction.atomic():
        if gone:
            ids = list(PhotoPrint.objects.filter(src__in=gone).values_list("pk", flat=True))
            PhotoBand.objects.filter(photo_id__in=ids).delete()
            done += PhotoPrint.objects.filter(pk__in=ids).delete()[0]
        for row in _naming(person):
            if person.mentions(row.credit):
                row.credit = str(PRIVATE_CREDIT)
            row.caption = person.scrub(row.caption)
            row.save(update_fields=["credit", "caption"])
            done += 1
    return done


register_place("photos", export=photos_export, erase=photos_erase)

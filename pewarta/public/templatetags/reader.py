"""Template helpers of the reader site: a story's photo for lists, an author's portrait."""

from django import template
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from pewarta.desk.models import Kind
from pewarta.public.images import picture_for

register = template.Library()


@register.simple_tag
def story_photo(story):
    """The story's featured photo (or its first) with renditions, or None."""
    revision = getattr(story, "live_revision", None)
    images = [image for image in (revision.images if revision else None) or [] if image.get("src")]
    if not images:
        return None
    featured = next((image for image in images if image.get("featured")), images[0])
    return picture_for(featured)


@register.simple_tag
def portrait_url(contributor):
    """The contributor's photo URL, or "" when there is none."""
    photo = getattr(contributor, "photo", None)
    return default_storage.url(photo.name) if photo else ""


@register.filter
def ribuan(value):
    """A count with the language's thousands separator: 12.345 (id), 12,345 (en)."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""


# The standard sections (desk migrations) by slug: their Indonesian name and description as
# stored (marked for translation, translated when shown).
STANDARD_SECTIONS = {
    "berita": ("Berita", Kind.BERITA, _("Laporan warga tentang peristiwa di sekitar mereka.")),
    "opini": ("Opini", Kind.OPINI, _("Pandangan pribadi penulis atas isu publik.")),
    "esai": ("Esai", Kind.ESAI, _("Tulisan reflektif yang lebih panjang.")),
    "kolom": ("Kolom", Kind.KOLOM, _("Tulisan berkala dari penulis tetap.")),
    "siaran-pers": ("Siaran Pers", Kind.SIARAN_PERS, _("Rilis resmi dari lembaga dan organisasi.")),
    "advertorial": (
        "Advertorial",
        Kind.ADVERTORIAL,
        _("Konten berbayar, bukan produk jurnalistik redaksi."),
    ),
}


def _standard(section):
    standard = STANDARD_SECTIONS.get(getattr(section, "slug", ""))
    return standard if standard is not None and section.name == standard[0] else None


@register.filter
def section_label(section):
    """A standard section's name in the reader's language (its kind's label, translated); a
    section the newsroom renamed keeps the newsroom's name and description."""
    standard = _standard(section)
    return standard[1].label if standard else getattr(section, "name", "")


@register.filter
def section_description(section):
    standard = _standard(section)
    if standard and section.description == standard[2]:
        return gettext(standard[2])
    return getattr(section, "description", "")

"""Similarity signatures and the reference corpus beyond our own archive.

Integrity sits below the desk: it points at stories with the string foreign key "desk.Story"
and never imports the desk. Signatures are derived data (rebuilt by
`pewarta integrity-reindex`), so they carry no database constraint towards the story.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.common.indonesian import MAX_WORD


class Fingerprint(models.Model):
    """The signature of one document: a story of ours or an item of a reference source.

    `keys` holds the kept shingle hashes (little-endian uint64), the same values as its
    Band rows, so the bands can be removed by their primary key without a second index.
    """

    story = models.OneToOneField(
        "desk.Story",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="fingerprint",
    )
    reference = models.OneToOneField(
        "integrity.ReferenceItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fingerprint",
    )
    scheme = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=32)
    shingles = models.PositiveIntegerField()
    words = models.PositiveIntegerField()
    cutoff = models.BigIntegerField()
    kept = models.PositiveIntegerField()
    keys = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sidik teks")
        verbose_name_plural = _("sidik teks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(story__isnull=False, reference__isnull=True)
                | models.Q(story__isnull=True, reference__isnull=False),
                name="fingerprint_one_document",
            )
        ]

    def __str__(self):
        return f"fingerprint {self.story_id or 'ref'}:{self.reference_id or ''}"


class Band(models.Model):
    """One kept shingle hash of a document: the LSH band (of one row) that finds it.

    Probed with every shingle hash of a new text; the primary key (key, fingerprint) is the
    index. On SQLite the table is WITHOUT ROWID (migration 0002), clustered by key.
    """

    pk = models.CompositePrimaryKey("key", "fingerprint")
    key = models.BigIntegerField()
    fingerprint = models.ForeignKey(
        Fingerprint,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pita LSH")
        verbose_name_plural = _("pita LSH")

    def __str__(self):
        return f"band {self.key} -> {self.fingerprint_id}"


class CommonKey(models.Model):
    """A shingle found in the sketches of many documents (boilerplate, a set phrase of the
    trade): no evidence of copying, so the probe leaves it out. Counted from the bands by
    `index.common_keys_refresh` (after a rebuild and daily)."""

    key = models.BigIntegerField(primary_key=True)
    documents = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("sirap umum")
        verbose_name_plural = _("sirap umum")

    def __str__(self):
        return f"common {self.key} ({self.documents})"


class WordStem(models.Model):
    """A word's Sastrawi stem, kept so that no process stems the archive's vocabulary again
    (Sastrawi takes a fifth of a millisecond a word; a cold 1,000-word piece, a tenth of a
    second). Derived data: emptied with the index, refilled by signing and by the rebuild."""

    word = models.CharField(max_length=MAX_WORD, primary_key=True)
    stem = models.CharField(max_length=MAX_WORD)

    class Meta:
        verbose_name = _("kata dasar")
        verbose_name_plural = _("kata dasar")

    def __str__(self):
        return f"{self.word} -> {self.stem}"


class ReferenceSource(models.Model):
    """Another outlet's feed, a wire or a press-release source that editors registered."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", _("Media lain")
        WIRE = "wire", _("Kantor berita")
        PRESS_RELEASE = "press_release", _("Siaran pers")

    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("alamat feed (RSS/Atom)"), max_length=500, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind, default=Kind.OUTLET)
    active = models.BooleanField(_("aktif"), default=True)
    interval_minutes = models.PositiveIntegerField(_("ambil tiap (menit)"), default=60)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("didaftarkan"), default=timezone.now)
    last_fetched_at = models.DateTimeField(_("terakhir diambil"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("terakhir berhasil"), null=True, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    failures = models.PositiveIntegerField(_("gagal beruntun"), default=0)
    etag = models.CharField(max_length=200, blank=True)
    modified = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("sumber rujukan")
        verbose_name_plural = _("sumber rujukan")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReferenceItem(models.Model):
    """One item of a reference source, kept so new pieces can be compared with it."""

    source = models.ForeignKey(ReferenceSource, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(_("judul"), max_length=500, blank=True)
    author = models.CharField(_("penulis"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("terbit"), null=True, blank=True)
    text = models.TextField(_("teks"))
    fetched_at = models.DateTimeField(_("diambil"), default=timezone.now)

    class Meta:
        verbose_name = _("butir rujukan")
        verbose_name_plural = _("butir rujukan")
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="reference_item_unique_guid")
        ]

    def __str__(self):
        return self.title or self.guid


class PhotoPrint(models.Model):
    """The perceptual hashes of one stored photo (`photos.py`): whole, core and mirror.

    `src` is the photo's address as the story keeps it; `story` the story that first
    carried it (string key, no constraint: the hashes are derived data, rebuilt by
    `pewarta photos-index`). Hashes are signed 64-bit integers.
    """

    src = models.CharField(max_length=500, unique=True)
    story = models.ForeignKey(
        "desk.Story",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    credit = models.CharField(_("kredit"), max_length=300, blank=True)
    caption = models.CharField(_("keterangan"), max_length=500, blank=True)
    full = models.BigIntegerField()
    core = models.BigIntegerField()
    mirror = models.BigIntegerField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sidik foto")
        verbose_name_plural = _("sidik foto")

    def __str__(self):
        return self.src


class PhotoBand(models.Model):
    """One 16-bit block of one of a photo's hashes: the index the look-up probes."""

    pk = models.CompositePrimaryKey("key", "photo")
    key = models.BigIntegerField()
    photo = models.ForeignKey(
        PhotoPrint,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pita foto")
        verbose_name_plural = _("pita foto")

    def __str__(self):
        return f"photo band {self.key} -> {self.photo_id}"

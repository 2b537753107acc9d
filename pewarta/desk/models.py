from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Contributor, Organization
from pewarta.common.text import random_code


class Kind(models.TextChoices):
    BERITA = "berita", _("Berita")
    OPINI = "opini", _("Opini")
    ESAI = "esai", _("Esai")
    KOLOM = "kolom", _("Kolom")
    SIARAN_PERS = "siaran_pers", _("Siaran Pers")
    ADVERTORIAL = "advertorial", _("Advertorial")


OPINION_KINDS = {Kind.OPINI, Kind.ESAI, Kind.KOLOM}
# Kinds whose text can harm someone (a victim, a child, a group, a reputation): the legal-risk
# checklist is answered before they publish, and again when the kind changes.
RISK_CHECKED_KINDS = {Kind.BERITA, *OPINION_KINDS}


class Status(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Menunggu Konfirmasi")
    RECEIVED = "received", _("Naskah Masuk")
    IN_REVIEW = "in_review", _("Dalam Peninjauan")
    CHANGES_REQUESTED = "changes_requested", _("Perlu Revisi")
    APPROVED = "approved", _("Disunting")
    SCHEDULED = "scheduled", _("Dijadwalkan")
    PUBLISHED = "published", _("Tayang")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik Penulis")
    RETRACTED = "retracted", _("Dicabut")


class Section(models.Model):
    name = models.CharField(_("nama"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubrik")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:section", kwargs={"section": self.slug})


class Tag(models.Model):
    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:tag", kwargs={"slug": self.slug})


class StoryQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what readers may see: published, live revision, time has come."""
        return self.filter(
            status=Status.PUBLISHED, live_revision__isnull=False, published_at__lte=timezone.now()
        )

    def of_user(self, user):
        """The one rule for what a writer sees as theirs: stories they are an author of."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(authors__user=user).distinct()

    def for_listing(self):
        return self.select_related("live_revision", "section").prefetch_related("authors")


def _tracking_code():
    return "PW-" + random_code(8)


def _reply_token():
    return random_code(12).lower()


def story_path(*, section: str | None, when, slug: str) -> str:
    """A story's public address, from its section slug, first publication (else the nearest
    date it has) and slug: what `Story.get_absolute_url` answers, for rows read as values."""
    date = timezone.localtime(when)
    return reverse(
        "public:story",
        kwargs={
            "section": section or "berita",
            "year": date.year,
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "slug": slug or "naskah",
        },
    )


class Story(models.Model):
    """A piece (naskah) from arrival to archive. Status changes only through desk.services."""

    class Source(models.TextChoices):
        EMAIL = "email", _("Email")
        WEB = "web", _("Web")
        DESK = "desk", _("Redaksi")
        API = "api", _("API")
        IMPORT = "import", _("Impor arsip")

    tracking_code = models.CharField(
        _("kode lacak"), max_length=16, unique=True, default=_tracking_code, editable=False
    )
    reply_token = models.CharField(
        _("token balasan"), max_length=16, unique=True, default=_reply_token, editable=False
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind, default=Kind.BERITA)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("rubrik")
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="stories", through="StoryTag", verbose_name=_("tag")
    )
    authors = models.ManyToManyField(
        Contributor,
        blank=True,
        related_name="stories",
        through="StoryAuthor",
        verbose_name=_("penulis"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("organisasi"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status, default=Status.RECEIVED, db_index=True
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source, default=Source.EMAIL)
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    draft_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    live_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    assigned_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_stories",
        verbose_name=_("editor yang ditugaskan"),
    )
    credited_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credited_stories",
        verbose_name=_("editor yang dicantumkan"),
    )
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("tayang"), null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(_("pertama tayang"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    scheduled_at = models.DateTimeField(_("dijadwalkan pada"), null=True, blank=True)
    is_unverified = models.BooleanField(
        _("verifikasi berlanjut (belum terverifikasi)"), default=False
    )
    flag_victim = models.BooleanField(_("melibatkan korban kejahatan seksual"), default=False)
    flag_minor = models.BooleanField(_("melibatkan anak"), default=False)
    identity_hidden_confirmed = models.BooleanField(
        _("identitas dipastikan tersamar"), default=False
    )
    identity_hidden_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dipastikan tersamar oleh"),
    )
    has_ai_image = models.BooleanField(_("Gambar buatan AI"), default=False)
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("tindak lanjut dari"),
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("naskah")
        verbose_name_plural = _("naskah")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Listings walk these by keyset (public/listing.py): newest first, published only.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status="published"),
                name="story_published_listing",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="story_section_listing",
            ),
        ]

    def __str__(self):
        revision = self.live_revision or self.draft_revision
        return revision.headline if revision else self.tracking_code

    @property
    def current(self):
        """The revision readers see if published, else the one the desk is working on."""
        return self.live_revision or self.draft_revision

    @property
    def is_opinion(self) -> bool:
        return self.kind in OPINION_KINDS

    def get_absolute_url(self):
        return story_path(
            section=self.section.slug if self.section else None,
            when=self.first_published_at or self.published_at or self.submitted_at,
            slug=self.slug,
        )


class ListingLink(models.Model):
    """A story's link to a label whose page lists it (author, tag), carrying the listing key.

    `published_at` is the story's while it is published, NULL otherwise; kept by
    `desk.services.core.story_write` (and the bulk import) in the transaction that changes the
    story. The label's page walks (label, published_at, story) newest first: 21 index entries
    and 21 stories, whatever the size of the archive or of the label. Joining the links to the
    stories and sorting by the story's date made PostgreSQL either probe the whole archive
    newest first for the label or read every story of the label (98 ms for an author of
    2,800 stories at 1,000,000).
    """

    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class StoryAuthor(ListingLink):
    story = models.ForeignKey("Story", on_delete=models.CASCADE, related_name="author_links")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.story_id}: {self.contributor_id}"

    class Meta:
        db_table = "desk_story_authors"
        unique_together = [("story", "contributor")]
        indexes = [
            models.Index(
                fields=["contributor", "-published_at", "-story"],
                condition=models.Q(published_at__isnull=False),
                name="story_author_listing",
            )
        ]


class StoryTag(ListingLink):
    story = models.ForeignKey("Story", on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.story_id}: {self.tag_id}"

    class Meta:
        db_table = "desk_story_tags"
        unique_together = [("story", "tag")]
        indexes = [
            models.Index(
                fields=["tag", "-published_at", "-story"],
                condition=models.Q(published_at__isnull=False),
                name="story_tag_listing",
            )
        ]


class Revision(models.Model):
    """An immutable snapshot of a story's text. Revision 1 is the contributor's original."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("nomor"))
    headline = models.CharField(_("judul"), max_length=300)
    lead = models.TextField(_("teras berita"), blank=True)
    body_html = models.TextField(_("isi"), blank=True)
    dateline = models.CharField(_("tempat (dateline)"), max_length=80, blank=True)
    images = models.JSONField(_("gambar"), default=list, blank=True)
    related = models.JSONField(_("naskah terkait (id)"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("revisi")
        verbose_name_plural = _("revisi")
        ordering = ["story", "number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="revision_unique_number")
        ]

    def __str__(self):
        return f"{self.story.tracking_code} r{self.number}: {self.headline}"

    @property
    def shown_images(self) -> list[dict]:
        """The photos readers see: a writer's later photo (a candidate) waits for an editor."""
        return [i for i in self.images or [] if i.get("src") and not i.get("candidate")]


class Message(models.Model):
    """One message of the conversation between the desk and the contributor."""

    class Direction(models.TextChoices):
        IN = "in", _("Dari penulis")
        OUT = "out", _("Kepada penulis")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WEB = "web", _("Web")
        API = "api", _("API")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("arah"), max_length=4, choices=Direction)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    from_address = models.CharField(_("dari"), max_length=320, blank=True)
    subject = models.CharField(_("subjek"), max_length=300, blank=True)
    body_text = models.TextField(_("teks"))
    email_message_id = models.CharField(max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.subject or self.body_text[:40]}"


class Note(models.Model):
    """An internal desk note on a story. Desk only: never shown or sent to the writer."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    body = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("catatan internal")
        verbose_name_plural = _("catatan internal")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class RiskChecklist(models.Model):
    """The editor's answers to the legal-risk questions, required before a piece of a kind that
    can harm someone publishes; answered again when the kind changes (`kind`)."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="risk_checklist")
    victim = models.BooleanField(_("menyebut korban kejahatan seksual"))
    minor = models.BooleanField(_("menyebut anak (korban atau pelaku)"))
    sara = models.BooleanField(_("menyinggung SARA"))
    defamation = models.BooleanField(_("berisiko mencemarkan nama baik"))
    kind = models.CharField(_("jenis naskah saat dijawab"), max_length=20, blank=True)
    note = models.TextField(_("penanganan risiko"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    answered_at = models.DateTimeField(_("dijawab"), default=timezone.now)

    class Meta:
        verbose_name = _("daftar periksa risiko")
        verbose_name_plural = _("daftar periksa risiko")

    def __str__(self):
        return f"{self.story_id}: {self.risks or '-'}"

    @property
    def risks(self) -> list[str]:
        return [name for name in ("victim", "minor", "sara", "defamation") if getattr(self, name)]

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.common.storage import private_storage
from pewarta.common.text import make_slug


class Organization(models.Model):
    """An institutional contributor, such as a ministry's press office (humas)."""

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    email_domain = models.CharField(_("domain email"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contributor(models.Model):
    """The profile of a person who sends pieces (pewarta warga) or who edits them."""

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Belum terverifikasi")
        EMAIL = "email", _("Email terverifikasi")
        IDENTITY = "identity", _("Identitas terverifikasi")

    class Trust(models.TextChoices):
        NEW = "new", _("Baru")
        REGULAR = "regular", _("Reguler")
        TRUSTED = "trusted", _("Tepercaya")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
    )
    pen_name = models.CharField(_("nama pena"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    real_name = models.CharField(_("nama asli (hanya redaksi)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    email_verified = models.BooleanField(_("email terverifikasi"), default=False)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    bio = models.TextField(_("biodata"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="contributors/", blank=True)
    affiliation = models.CharField(_("afiliasi"), max_length=200, blank=True)
    conflict_of_interest = models.TextField(_("pernyataan konflik kepentingan"), blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisasi"),
    )
    is_organization_admin = models.BooleanField(_("admin organisasi"), default=False)
    verification = models.CharField(
        _("verifikasi"), max_length=20, choices=Verification, default=Verification.UNVERIFIED
    )
    trust = models.CharField(
        _("tingkat kepercayaan"), max_length=20, choices=Trust, default=Trust.NEW
    )
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id")
    is_blocked = models.BooleanField(_("diblokir"), default=False)
    birth_year = models.PositiveSmallIntegerField(_("tahun lahir"), null=True, blank=True)
    erased_at = models.DateTimeField(_("data pribadi dihapus"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penulis")
        verbose_name_plural = _("penulis")
        ordering = ["pen_name"]

    def __str__(self):
        return self.pen_name

    @property
    def is_identity_verified(self) -> bool:
        return self.verification == self.Verification.IDENTITY

    @property
    def is_minor(self) -> bool:
        """Known only by birth year, so judge by the youngest age they may have."""
        if not self.birth_year:
            return False
        youngest = timezone.localdate().year - self.birth_year - 1
        return youngest < settings.PEWARTA_ADULT_AGE

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_contributor_slug(self.pen_name)
        super().save(*args, **kwargs)


def unique_contributor_slug(name: str) -> str:
    base = make_slug(name, 120)
    slug, n = base, 2
    while Contributor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class PolicyVersion(models.Model):
    """One published version of the terms or the privacy notice. A new one asks consent again."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Syarat dan Ketentuan")
        PRIVACY = "privacy", _("Kebijakan Privasi")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind)
    version = models.CharField(_("versi"), max_length=40)
    summary = models.TextField(_("ringkasan perubahan"), blank=True)
    text = models.TextField(_("teks"))
    effective_at = models.DateTimeField(_("berlaku sejak"), db_index=True)

    class Meta:
        verbose_name = _("versi kebijakan")
        verbose_name_plural = _("versi kebijakan")
        ordering = ["kind", "-effective_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_unique_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"


class Consent(models.Model):
    """Append-only record of consent given or withdrawn, per purpose (UU PDP, PPMS §3)."""

    class Purpose(models.TextChoices):
        TERMS = "terms", _("Menyetujui syarat dan ketentuan kontributor")
        PRIVACY = "privacy", _("Pemrosesan data pribadi untuk penerbitan naskah")
        GUARDIAN = "guardian", _("Persetujuan orang tua/wali (penulis di bawah 18 tahun)")

    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="consents", verbose_name=_("penulis")
    )
    purpose = models.CharField(_("tujuan"), max_length=20, choices=Purpose)
    policy = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("versi kebijakan"),
    )
    given = models.BooleanField(_("diberikan"), default=True)
    guardian_name = models.CharField(_("nama wali"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("email wali"), blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        ordering = ["created_at", "id"]

    def __str__(self):
        state = _("diberikan") if self.given else _("ditarik")
        return f"{self.contributor} · {self.get_purpose_display()} · {state}"


class IdentityCheck(models.Model):
    """An ID image sent for the "Akun Terverifikasi" badge. The image is deleted at decision."""

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        APPROVED = "approved", _("Disetujui")
        DECLINED = "declined", _("Ditolak")

    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="identity_checks"
    )
    image = models.FileField(
        _("gambar identitas"), storage=private_storage, upload_to="identity/", blank=True
    )
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now)

    class Meta:
        verbose_name = _("verifikasi identitas")
        verbose_name_plural = _("verifikasi identitas")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.contributor} · {self.get_state_display()}"


class OrganizationInvite(models.Model):
    """An organization admin's invitation to a colleague, accepted by the invitee's account."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=40, unique=True)
    invited_by = models.ForeignKey(Contributor, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan organisasi")
        verbose_name_plural = _("undangan organisasi")

    def __str__(self):
        return f"{self.organization} · {self.email}"


class DataRequest(models.Model):
    """A personal-data request (UU PDP), answered within the legal 3×24 hours."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Ekspor data")
        CORRECTION = "correction", _("Perbaikan data")
        WITHDRAW = "withdraw", _("Penarikan persetujuan")
        DELETION = "deletion", _("Penghapusan akun")
        OTHER = "other", _("Permintaan lain")

    contributor = models.ForeignKey(
        Contributor, on_delete=models.SET_NULL, null=True, blank=True, related_name="data_requests"
    )
    requester_label = models.CharField(_("pemohon"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind)
    detail = models.TextField(_("rincian"), blank=True)
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("batas waktu"), db_index=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    resolution = models.TextField(_("penyelesaian"), blank=True)
    reminder_sent_at = models.DateTimeField(_("pengingat terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")
        ordering = ["due_at"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.requester_label}"

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and self.due_at < timezone.now()


class DataAccessLink(models.Model):
    """A one-time link mailed to a writer's verified address: export or erase the personal
    data without a password (writers who only use email never had one). Only the token's
    SHA-256 is stored; the link works once and expires."""

    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="data_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_for = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("tautan data pribadi")
        verbose_name_plural = _("tautan data pribadi")

    def __str__(self):
        return f"{self.contributor_id} · {self.created_at:%Y-%m-%d %H:%M}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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

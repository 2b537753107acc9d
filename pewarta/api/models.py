"""API keys, idempotent submissions, webhooks and their delivery log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SUBMIT = "submit", _("Mengirim naskah")
    READ_OWN = "read-own", _("Melacak naskah sendiri")


class ApiKey(models.Model):
    """A key an organization (or one contributor) uses; only its SHA-256 digest is stored.

    Pieces sent with it are authored by `contributor` (the organization's member the desk named),
    so the identity, consent and block rules of that account apply to them.
    """

    name = models.CharField(_("nama"), max_length=120)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("organisasi"),
    )
    contributor = models.ForeignKey(
        "accounts.Contributor",
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("akun penulis"),
    )
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("cakupan"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def label(self) -> str:
        """How the key signs its Events."""
        return f"API: {self.name} ({self.prefix})"


class ApiSubmission(models.Model):
    """One submit call made idempotent by its Idempotency-Key."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="submissions")
    idempotency_key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    draft_token = models.CharField(max_length=40)
    story = models.ForeignKey(
        "desk.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "idempotency_key"], name="api_submission_unique_key"
            )
        ]

    def __str__(self):
        return self.idempotency_key


class Webhook(models.Model):
    """A URL an organization (or a contributor with a key) wants status changes POSTed to."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
    )
    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.URLField(_("alamat"), max_length=500)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")
        ordering = ["-created_at"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One status change POSTed (or being retried) to one webhook."""

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        DELIVERED = "delivered", _("Terkirim")
        FAILED = "failed", _("Gagal")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    story = models.ForeignKey(
        "desk.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("keadaan"), max_length=12, choices=State, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event_id"], name="webhook_delivery_unique_event"
            )
        ]

    def __str__(self):
        return f"{self.webhook_id}:{self.event_id} ({self.state})"

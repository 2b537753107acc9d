"""Desk forms: they only translate input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.roles import ADMIN, EDITOR, SENIOR_EDITOR
from pewarta.desk.models import Kind, Section
from pewarta.desk.services import REJECTION_REASONS

# Common messages asking for changes; the editor picks one and adapts it.
CHANGE_TEMPLATES = {
    "sumber": _(
        "Terima kasih atas kiriman Anda. Mohon sebutkan nama dan jabatan narasumber yang "
        "dikutip, serta dari mana data dalam tulisan diperoleh."
    ),
    "foto": _(
        "Mohon kirimkan foto pendukung beserta keterangan dan nama pemotretnya (atau tulis "
        "“Dokpri” bila foto milik Anda sendiri)."
    ),
    "5w1h": _(
        "Tulisan Anda belum menjawab kapan dan di mana peristiwa terjadi. Mohon lengkapi unsur "
        "apa, siapa, kapan, di mana, mengapa, dan bagaimana."
    ),
    "panjang": _(
        "Tulisan Anda terlalu pendek untuk ditayangkan. Mohon kembangkan menjadi sedikitnya "
        "300 kata dengan keterangan yang lebih lengkap."
    ),
    "opini": _(
        "Beberapa bagian tulisan ini berupa opini. Mohon pisahkan fakta dari pendapat, atau "
        "kirimkan sebagai Opini."
    ),
}


def editor_choices():
    users = (
        get_user_model()
        .objects.filter(groups__name__in=[EDITOR, SENIOR_EDITOR, ADMIN], is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )
    return [(u.pk, u.get_full_name() or u.get_username()) for u in users]


class EditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    headline = forms.CharField(label=_("Judul"), max_length=300)
    lead = forms.CharField(label=_("Teras berita"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    dateline = forms.CharField(label=_("Tempat (dateline)"), max_length=80, required=False)
    body_html = forms.CharField(
        label=_("Isi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-richtext": "1"}),
    )
    note = forms.CharField(label=_("Catatan revisi"), max_length=300, required=False)


class MetadataForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices)
    section = forms.ModelChoiceField(label=_("Rubrik"), queryset=Section.objects.all())
    tags = forms.CharField(
        label=_("Tag"), required=False, help_text=_("Pisahkan dengan koma."), max_length=500
    )
    credited_editor = forms.TypedChoiceField(label=_("Editor yang dicantumkan"), coerce=int,
                                             required=False, empty_value=None)  # fmt: skip
    is_unverified = forms.BooleanField(label=_("Catatan “belum terverifikasi”"), required=False)
    has_ai_image = forms.BooleanField(label=_("Gambar buatan AI"), required=False)
    flag_victim = forms.BooleanField(label=_("Melibatkan korban kejahatan seksual"), required=False)
    flag_minor = forms.BooleanField(label=_("Melibatkan anak"), required=False)
    identity_hidden_confirmed = forms.BooleanField(
        label=_("Saya memastikan identitas korban/anak sudah disamarkan"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— editor yang menayangkan —"))] + editor_choices()
        self.fields["credited_editor"].choices = choices


YES_NO = [("1", _("Ya")), ("0", _("Tidak"))]


class RiskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    victim = forms.TypedChoiceField(choices=YES_NO, coerce=lambda v: v == "1",
                                    widget=forms.RadioSelect)  # fmt: skip
    minor = forms.TypedChoiceField(choices=YES_NO, coerce=lambda v: v == "1",
                                   widget=forms.RadioSelect)  # fmt: skip
    sara = forms.TypedChoiceField(choices=YES_NO, coerce=lambda v: v == "1",
                                  widget=forms.RadioSelect)  # fmt: skip
    defamation = forms.TypedChoiceField(choices=YES_NO, coerce=lambda v: v == "1",
                                        widget=forms.RadioSelect)  # fmt: skip
    note = forms.CharField(label=_("Penanganan risiko"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class RequestChangesForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Templat"),
        required=False,
        choices=[("", _("— tulis sendiri —"))]
        + [(k, v[:60] + "…") for k, v in CHANGE_TEMPLATES.items()],
    )
    message = forms.CharField(label=_("Pesan kepada penulis"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if not (data.get("message") or "").strip() and data.get("template"):
            data["message"] = str(CHANGE_TEMPLATES[data["template"]])
        return data


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan"), choices=[("", "—")] + [(k, v) for k, v in REJECTION_REASONS.items()],
        required=False,
    )  # fmt: skip
    message = forms.CharField(label=_("Pesan kepada penulis"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Waktu tayang (WIB)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_when(self):
        value = self.cleaned_data["when"]
        return value if timezone.is_aware(value) else timezone.make_aware(value)


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Alasan"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Catatan internal"), widget=forms.Textarea(attrs={"rows": 3}))

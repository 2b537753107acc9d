"""Forms only translate input; services validate the rules and write."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from pewarta.complaints.models import Complaint, Correction
from pewarta.desk.services import RETRACTION_REASONS


class HoneypotMixin(forms.Form):
    # Hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Jangan isi kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ReportForm(HoneypotMixin):
    reason = forms.ChoiceField(
        label=_("Alasan laporan"), choices=Complaint.Reason.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Penjelasan (wajib bila memilih Lainnya)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(label=_("Nama (boleh dikosongkan)"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Email (untuk konfirmasi dan kabar tindak lanjut)"), required=False
    )


class _NamedForm(HoneypotMixin):
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Telepon (tidak wajib)"), required=False, max_length=40)
    passage = forms.CharField(
        label=_("Bagian berita yang dipersoalkan (kutip)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(_NamedForm):
    identity = forms.CharField(
        label=_("Identitas dan hubungan Anda dengan berita"),
        help_text=_("Misalnya: nama yang disebut dalam berita, jabatan, atau lembaga."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Hak Jawab Anda"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    evidence = forms.FileField(
        label=_("Bukti pendukung (PDF, JPEG, PNG, atau WebP; tidak wajib)"), required=False
    )


class CorrectionRequestForm(_NamedForm):
    body = forms.CharField(
        label=_("Koreksi yang seharusnya"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    source = forms.CharField(
        label=_("Sumber atau dasar koreksi"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- desk ---------------------------------------------------------------------------------------


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (dikirim kepada pengadu)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class _StoryTextForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    headline = forms.CharField(label=_("Judul"), max_length=300)
    lead = forms.CharField(label=_("Teras"), required=False, widget=forms.Textarea({"rows": 3}))
    body_html = forms.CharField(label=_("Isi (HTML)"), widget=forms.Textarea({"rows": 14}))


class CorrectForm(_StoryTextForm):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[(k, Correction.Kind(k).label) for k in Correction.PUBLIC_LOG_KINDS],
    )
    text = forms.CharField(
        label=_("Catatan untuk pembaca"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EditForm(_StoryTextForm):
    note = forms.CharField(label=_("Apa yang disunting dan mengapa (internal)"), max_length=300)
    public_note = forms.CharField(
        label=_("Catatan Redaksi untuk pembaca (tidak wajib)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReplyPublishForm(forms.Form):
    respondent = forms.CharField(label=_("Nama pemberi Hak Jawab"), max_length=200)
    title = forms.CharField(label=_("Judul Hak Jawab"), max_length=300)
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 10}))


class RetractForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan pencabutan"), choices=[(k, v) for k, v in RETRACTION_REASONS.items()]
    )
    note = forms.CharField(
        label=_("Catatan pencabutan untuk pembaca"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    follow_up = forms.IntegerField(label=_("Nomor naskah berita lanjutan (ID)"))


class TakedownForm(forms.Form):
    story = forms.IntegerField(label=_("Nomor naskah (ID)"))
    authority = forms.CharField(label=_("Instansi pemberi perintah"), max_length=200)
    reference = forms.CharField(label=_("Nomor surat"), required=False, max_length=120)
    received_at = forms.DateTimeField(
        label=_("Diterima pada (kosongkan bila baru saja)"),
        required=False,
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    urgent = forms.BooleanField(label=_("Mendesak (batas 4 jam)"), required=False)
    note = forms.CharField(label=_("Isi perintah"), widget=forms.Textarea(attrs={"rows": 4}))
    document = forms.FileField(label=_("Salinan surat (PDF/gambar)"), required=False)


class PeriodForm(forms.Form):
    dari = forms.DateField(
        label=_("Dari tanggal"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[
            MinValueValidator(date(1900, 1, 1)),
            MaxValueValidator(date(2999, 12, 31)),
        ],
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        validators=[
            MinValueValidator(date(1900, 1, 1)),
            MaxValueValidator(date(2999, 12, 31)),
        ],
    )

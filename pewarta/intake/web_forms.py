from django import forms
from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Kind
from pewarta.intake.web import WEB_KINDS


class SubmissionForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    kind = forms.ChoiceField(
        label=_("Jenis naskah"), choices=[(k.value, k.label) for k in Kind if k in WEB_KINDS]
    )
    headline = forms.CharField(label=_("Judul"), max_length=300, required=False)
    dateline = forms.CharField(
        label=_("Tempat kejadian"), max_length=80, required=False, help_text=_("Mis. BANDUNG")
    )
    lead = forms.CharField(
        label=_("Teras berita (ringkasan satu paragraf)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    body = forms.CharField(
        label=_("Isi naskah"),
        widget=forms.Textarea(attrs={"rows": 16, "class": "editor"}),
        required=False,
        help_text=_(
            "Pisahkan paragraf dengan baris kosong. **tebal**, *miring*, ## subjudul, > kutipan, "
            "- daftar."
        ),
    )
    docx = forms.FileField(
        label=_("…atau unggah berkas Word (.docx) sebagai isi"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    affiliation_disclosure = forms.CharField(
        label=_("Pengungkapan afiliasi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Apakah Anda punya hubungan dengan pihak yang Anda tulis? Sebutkan di sini."),
    )
    originality = forms.BooleanField(
        label=_("Naskah ini karya asli saya dan belum pernah dimuat di media lain."),
        required=False,
    )


class PhotoForm(forms.Form):
    """Optional part of the submission form: the service checks credit and rights."""

    use_required_attribute = False

    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    credit = forms.CharField(
        label=_("Sumber foto"),
        max_length=200,
        required=False,
        help_text=_("Wajib untuk setiap foto. Mis. Dokpri, atau nama fotografer."),
    )
    caption = forms.CharField(label=_("Keterangan foto"), max_length=500, required=False)
    rights = forms.BooleanField(
        label=_("Saya berhak memakai foto ini dan mengizinkan redaksi menerbitkannya."),
        required=False,
    )

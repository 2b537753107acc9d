from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Consent, Contributor
from pewarta.accounts.submissions import WEB_KINDS
from pewarta.desk.models import Kind


def _year_choices():
    this_year = timezone.localdate().year
    return range(this_year - 100, this_year - 9)


class SignupExtraForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    pen_name = forms.CharField(
        label=_("Nama pena"),
        max_length=120,
        help_text=_("Nama yang tampil di naskah Anda. Nama asli hanya diketahui redaksi."),
    )
    birth_year = forms.IntegerField(
        label=_("Tahun lahir"),
        help_text=_("Penulis di bawah 18 tahun memerlukan persetujuan orang tua/wali."),
    )
    agree_terms = forms.BooleanField(
        label=_(
            "Saya menyetujui Syarat dan Ketentuan kontributor: tidak menulis kebohongan, fitnah, "
            "sadisme, cabul, kebencian SARA, hasutan, atau diskriminasi."
        )
    )
    agree_privacy = forms.BooleanField(
        label=_(
            "Saya mengizinkan data pribadi saya diproses untuk penerbitan naskah sesuai "
            "Kebijakan Privasi."
        )
    )

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year not in _year_choices():
            raise forms.ValidationError(_("Tahun lahir tidak masuk akal."))
        return year

    def signup(self, request, user):
        from pewarta.accounts.services import contributor_register
        from pewarta.common.ratelimit import client_ip

        contributor_register(
            user=user,
            pen_name=self.cleaned_data["pen_name"],
            birth_year=self.cleaned_data["birth_year"],
            ip=client_ip(request),
            language=getattr(request, "LANGUAGE_CODE", "id"),
        )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(label=_("Saya telah membaca dan menyetujui versi terbaru di atas."))


class ProfileForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("Foto profil baru"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove_photo = forms.BooleanField(label=_("Hapus foto profil"), required=False)

    class Meta:
        model = Contributor
        fields = [
            "pen_name",
            "real_name",
            "phone",
            "bio",
            "affiliation",
            "conflict_of_interest",
            "language",
            "birth_year",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "real_name": _("Hanya dilihat redaksi, tidak pernah ditampilkan."),
            "affiliation": _("Lembaga, partai, perusahaan, atau organisasi tempat Anda terlibat."),
            "conflict_of_interest": _("Kepentingan yang perlu diketahui pembaca dan redaksi."),
        }


class GuardianForm(forms.Form):
    guardian_name = forms.CharField(label=_("Nama orang tua/wali"), max_length=200)
    guardian_email = forms.EmailField(label=_("Email orang tua/wali"))


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


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Pesan untuk redaksi"), widget=forms.Textarea(attrs={"rows": 4}))


class ResubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    headline = forms.CharField(label=_("Judul"), max_length=300)
    lead = forms.CharField(
        label=_("Teras berita"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(label=_("Isi naskah"), widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(
        label=_("Catatan untuk redaksi (opsional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class WithdrawConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=[(p.value, p.label) for p in Consent.Purpose if p != Consent.Purpose.GUARDIAN]
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_(
            "Saya mengerti bahwa akun dan data pribadi saya dihapus dan tidak dapat dipulihkan."
        )
    )


class DataRequestForm(forms.Form):
    detail = forms.CharField(
        label=_("Permintaan Anda"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class IdentityForm(forms.Form):
    image = forms.FileField(
        label=_("Foto KTP atau kartu identitas lain"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class IdentityDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("decline", _("Tolak"))])
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email rekan"))


class CompleteRequestForm(forms.Form):
    resolution = forms.CharField(label=_("Penyelesaian"), widget=forms.Textarea(attrs={"rows": 2}))

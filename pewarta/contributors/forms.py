from django import forms
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.models import Consent, Contributor


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


class DataLinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Alamat email yang Anda pakai mengirim naskah"))


class DataLinkForm(forms.Form):
    action = forms.ChoiceField(choices=[("export", "export"), ("erase", "erase")])
    confirm = forms.BooleanField(
        required=False, label=_("Saya mengerti akun dan data pribadi saya dihapus permanen.")
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            raise forms.ValidationError(_("Centang pernyataan untuk menghapus akun."))
        return data

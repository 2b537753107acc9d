from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.accounts.services import contributor_register
from pewarta.common.ratelimit import client_ip


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
        contributor_register(
            user=user,
            pen_name=self.cleaned_data["pen_name"],
            birth_year=self.cleaned_data["birth_year"],
            ip=client_ip(request),
            language=getattr(request, "LANGUAGE_CODE", "id"),
        )

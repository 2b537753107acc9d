"""allauth's forms with the site's wording: "Kata sandi" everywhere (allauth's Indonesian
catalogue says "Sandi" on some forms and "kata sandi" on others)."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


class KataSandi:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.PasswordInput):
                again = name.endswith("2")
                field.label = _("Kata sandi (sekali lagi)") if again else _("Kata sandi")
                field.widget.attrs["placeholder"] = field.label
            elif name in ("login", "email"):
                field.label = _("Alamat email")
                field.widget.attrs["placeholder"] = _("nama@contoh.id")


class LoginForm(KataSandi, allauth_forms.LoginForm):
    pass


class SignupForm(KataSandi, allauth_forms.SignupForm):
    pass


class ChangePasswordForm(KataSandi, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(KataSandi, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(KataSandi, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(KataSandi, allauth_forms.ResetPasswordKeyForm):
    pass

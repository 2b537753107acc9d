from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Kind, Section

# Dates a reader may filter by; beyond them the arithmetic on the bounds would overflow.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class SearchForm(forms.Form):
    """The reader's query and filters, from the query string. Bad filters are reported and
    ignored; the query itself is never an error."""

    q = forms.CharField(label=_("Kata kunci"), max_length=200, required=False)
    rubrik = forms.ChoiceField(label=_("Rubrik"), required=False)
    jenis = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Kind.choices]
    )
    penulis = forms.CharField(label=_("Penulis"), max_length=100, required=False)
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubrik"].choices = [("", _("Semua rubrik"))] + [
            (s.slug, s.name) for s in Section.objects.all()
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Tanggal di luar rentang arsip."))
        return value

    def clean_dari(self):
        return self._clean_date("dari")

    def clean_sampai(self):
        return self._clean_date("sampai")

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def filters(self) -> dict:
        """The valid filters as keyword arguments for `api.search`."""
        data = getattr(self, "cleaned_data", {})
        return {
            key: data[name]
            for name, key in (
                ("rubrik", "section"),
                ("jenis", "kind"),
                ("penulis", "author"),
                ("dari", "date_from"),
                ("sampai", "date_to"),
            )
            if data.get(name) and name not in self.errors
        }

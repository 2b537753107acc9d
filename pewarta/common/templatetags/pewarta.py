from django import template

from pewarta.common import timefmt

register = template.Library()


@register.filter
def tanggal_lengkap(value):
    return timefmt.tanggal_lengkap(value)


@register.filter
def tanggal(value):
    return timefmt.tanggal(value)

"""Honorarium pages: the contributor's entries and statements under /akun/honorarium, and the
finance desk (rates, bonus tiers, corrections, the month's CSV) behind the finance role."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts.gates import contributor_required
from pewarta.accounts.roles import FINANCE
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import ratelimit_hit
from pewarta.desk.models import Kind
from pewarta.honorarium import services
from pewarta.honorarium.models import BankAccount, BonusTier, LedgerEntry


def _int(value):
    try:
        return int(str(value).replace(".", "").strip())
    except (TypeError, ValueError):
        return -1


@contributor_required
def my_honorarium(request):
    contributor = request.contributor
    if request.method == "POST":
        try:
            ratelimit_hit(f"profile:{request.user.pk}", limit=30, window=3600)
            services.bank_account_set(
                contributor=contributor,
                bank_name=request.POST.get("bank_name", ""),
                holder=request.POST.get("holder", ""),
                number=request.POST.get("number", ""),
            )
        except PewartaError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Rekening disimpan."))
        return redirect("honorarium:mine")
    period = request.GET.get("bulan") or ""
    entries = services.entries_for(contributor, period if services.PERIOD.match(period) else None)
    context = {
        "contributor": contributor,
        "entries": entries[:500],
        "statements": services.statements(contributor),
        "period": period,
        "bank": BankAccount.objects.filter(contributor=contributor).first(),
        "pph_percent": settings.PEWARTA_HONORARIUM_PPH_PERCENT,
    }
    return render(request, "honorarium/mine.html", context)


@staff_required(FINANCE)
def finance_desk(request):
    if request.method == "POST":
        try:
            if request.POST.get("form") == "rate":
                services.rate_set(
                    kind=request.POST.get("kind", ""),
                    amount=_int(request.POST.get("amount")),
                    actor=request.user,
                    note=request.POST.get("note", ""),
                )
            elif request.POST.get("form") == "tier":
                services.bonus_tier_set(
                    kind=request.POST.get("kind", ""),
                    min_views=_int(request.POST.get("min_views")),
                    amount=_int(request.POST.get("amount")),
                    actor=request.user,
                )
        except PewartaError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Tersimpan."))
        return redirect("honorarium:desk")
    rates = services.current_rates()
    context = {
        "kinds": [(value, label, rates.get(value)) for value, label in Kind.choices],
        "tiers": BonusTier.objects.filter(active=True),
        "entries": LedgerEntry.objects.select_related(
            "contributor", "story", "story__live_revision"
        )[:100],
        "month": timezone.localtime().strftime("%Y-%m"),
        "accounts": BankAccount.objects.select_related("contributor")[:200],
    }
    return render(request, "honorarium/desk.html", context)


@staff_required(FINANCE)
@require_POST
def entry_correct(request, pk):
    entry = get_object_or_404(LedgerEntry, pk=pk)
    try:
        services.entry_correct(
            entry=entry,
            amount=_int(request.POST.get("amount")),
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except PewartaError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Koreksi dicatat sebagai entri pembatalan dan entri baru."))
    return redirect("honorarium:desk")


@staff_required(FINANCE)
def month_export(request):
    period = request.GET.get("bulan", "")
    try:
        body = services.month_csv(period=period, actor=request.user)
    except PewartaError as err:
        messages.error(request, err.message)
        return redirect("honorarium:desk")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="honorarium-{period}.csv"'
    return response

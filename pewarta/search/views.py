import math

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from pewarta.common.errors import RateLimited
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.desk.models import Section, Story
from pewarta.search.api import WINDOW, search
from pewarta.search.forms import SearchForm

PAGE_SIZE = 10
MAX_PAGE = WINDOW // PAGE_SIZE
RATE_PER_MINUTE = 60


def _page_number(raw) -> int:
    try:
        return min(max(int(raw), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _url_with(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, "", 1):
            query[key] = value
    return "?" + query.urlencode() if query else "?"


def _pager(request, number: int, total: int) -> dict | None:
    pages = min(math.ceil(total / PAGE_SIZE), MAX_PAGE)
    if pages <= 1:
        return None
    nearby = range(max(1, number - 2), min(pages, number + 2) + 1)
    return {
        "number": number,
        "pages": pages,
        "previous": _url_with(request.GET, halaman=number - 1) if number > 1 else None,
        "next": _url_with(request.GET, halaman=number + 1) if number < pages else None,
        "links": [(n, _url_with(request.GET, halaman=n)) for n in nearby],
    }


def search_page(request):
    """`/cari?q=`: results with filters and pagination, or help when nothing matches."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "sections": Section.objects.all()}
    try:
        ratelimit_hit(f"search:{client_ip(request)}", limit=RATE_PER_MINUTE, window=60)
    except RateLimited:
        context["error"] = _("Terlalu banyak pencarian dalam waktu singkat. Coba lagi sebentar.")
        return render(request, "search/results.html", context, status=429)
    form.is_valid()
    query = (getattr(form, "cleaned_data", {}).get("q") or "").strip()
    filters = form.filters()
    if query:
        number = _page_number(request.GET.get("halaman"))
        results = search(query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, **filters)
        context.update(
            results=results,
            query=query,
            pager=_pager(request, number, results.total),
            first=results.offset + 1,
            last=results.offset + len(results.hits),
            without_filters=_url_with(QueryDict(mutable=True), q=query) if filters else None,
        )
        if not results.hits:
            latest = Story.objects.published().for_listing().order_by("-published_at")
            context["latest"] = latest[:5]
    context["filtered"] = bool(filters)
    return render(request, "search/results.html", context)

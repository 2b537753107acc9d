"""Hostile input answered as a client error (400), never as a server error.

Our own views validate what they read (forms, converters, bounds). This layer catches the
two input errors that reach code we do not own, Django's admin among it: a required query
parameter left out (`MultiValueDictKeyError`) and a number or date beyond what Python or the
database can hold (`OverflowError`, e.g. a 30-digit id on SQLite). An empty `_to_field`,
which the admin mistakes for a field name, is dropped before any view runs. A NUL byte in the
path or the query is refused at once: no link of ours has one, and PostgreSQL refuses it in
any text it is asked to compare.
"""

import logging

from django.utils.datastructures import MultiValueDictKeyError
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)
CLIENT_ERRORS = (MultiValueDictKeyError, OverflowError)


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            logger.warning("NUL byte in request for %s", request.path[:200].replace("\x00", "?"))
            return bad_request(request, ValueError("NUL byte"))
        if request.GET.get("_to_field", None) == "":
            query = request.GET.copy()
            del query["_to_field"]
            request.GET = query
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CLIENT_ERRORS):
            return None
        logger.warning(
            "hostile input on %s: %s: %s", request.path[:200], type(exception).__name__, exception
        )
        return bad_request(request, exception)

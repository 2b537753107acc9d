"""Hostile input answered as a client error (400), never as a server error.

Our own views validate what they read (forms, converters, bounds). This layer catches the
two input errors that reach code we do not own, Django's admin among it: a required query
parameter left out (`MultiValueDictKeyError`) and a number or date beyond what Python or the
database can hold (`OverflowError`, e.g. a 30-digit id on SQLite). An empty `_to_field`,
which the admin mistakes for a field name, is dropped before any view runs.
"""

import logging

from django.utils.datastructures import MultiValueDictKeyError
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)
CLIENT_ERRORS = (MultiValueDictKeyError, OverflowError)


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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

from django.http import Http404
from django.urls import path

app_name = "complaints"


def _not_yet(request, story_id):
    raise Http404


# Foundation stub: the complaints issue replaces these views with the real forms.
urlpatterns: list = [
    path("laporkan/<int:story_id>", _not_yet, name="report"),
    path("hak-jawab/<int:story_id>", _not_yet, name="reply"),
    path("hak-koreksi/<int:story_id>", _not_yet, name="correction"),
]

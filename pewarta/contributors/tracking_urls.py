from django.urls import path

from pewarta.contributors.views import tracking

app_name = "tracking"

urlpatterns = [
    path("", tracking.track, name="form"),
    path("<str:code>", tracking.track, name="track"),
]

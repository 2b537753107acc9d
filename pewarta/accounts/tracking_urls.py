from django.urls import path

from pewarta.accounts import views

app_name = "tracking"

urlpatterns = [
    path("", views.track, name="form"),
    path("<str:code>", views.track, name="track"),
]

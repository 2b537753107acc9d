from django.urls import path

from pewarta.common import views

urlpatterns = [
    path("health", views.health, name="health"),
    path("media/<path:name>", views.media_file, name="media"),
]

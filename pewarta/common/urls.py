from django.urls import path

from pewarta.common import views

urlpatterns = [path("health", views.health, name="health")]

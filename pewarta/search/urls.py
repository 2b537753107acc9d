from django.urls import path

from pewarta.search import views

app_name = "search"

urlpatterns = [
    path("cari", views.search_page, name="search"),
]

from django.urls import path, register_converter

from pewarta.public import views

app_name = "public"


class SectionConverter:
    regex = "berita|opini|esai|kolom|siaran-pers"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SectionConverter, "section")

urlpatterns = [
    path("", views.home, name="home"),
    path("penulis/<slug:slug>", views.author, name="author"),
    path("tag/<slug:slug>", views.tag, name="tag"),
    path("<section:section>/", views.section, name="section"),
    path(
        "<section:section>/<int:year>/<str:month>/<str:day>/<slug:slug>",
        views.story,
        name="story",
    ),
]

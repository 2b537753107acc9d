from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from pewarta.public import feeds, views
from pewarta.public.caching import SITEMAPS as SITEMAPS_TAG
from pewarta.public.caching import cached_page, tag_response
from pewarta.public.sitemaps import SITEMAPS, NewsSitemap

app_name = "public"


class SectionConverter:
    regex = "berita|opini|esai|kolom|siaran-pers|advertorial"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SectionConverter, "section")

STANDING_PAGES = "kirim|redaksi|pedoman-media-siber|syarat-ketentuan|privasi"


class StandingPageConverter(SectionConverter):
    regex = STANDING_PAGES


register_converter(StandingPageConverter, "standing")


def _sitemap_view(view, **defaults):
    @cached_page
    def wrapped(request, **kwargs):
        response = view(request, **defaults, **kwargs)
        response.render()
        return tag_response(response, SITEMAPS_TAG)

    return wrapped


sitemap_index = _sitemap_view(
    sitemap_views.index, sitemaps=SITEMAPS, sitemap_url_name="public:sitemap-section"
)
sitemap_section = _sitemap_view(sitemap_views.sitemap, sitemaps=SITEMAPS)
sitemap_news = _sitemap_view(
    sitemap_views.sitemap,
    sitemaps={"news": NewsSitemap},
    template_name="public/sitemap_news.xml",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", sitemap_news, name="sitemap-news"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("feed/", feeds.site_rss, name="feed"),
    path("feed/atom/", feeds.site_atom, name="feed-atom"),
    path("<standing:slug>", views.standing_page, name="page"),
    path("halaman/<slug:slug>/ubah", views.page_edit, name="page-edit"),
    path("penulis/<slug:slug>", views.author, name="author"),
    path("penulis/<slug:slug>/feed/", feeds.author_rss, name="author-feed"),
    path("penulis/<slug:slug>/feed/atom/", feeds.author_atom, name="author-feed-atom"),
    path("tag/<slug:slug>", views.tag, name="tag"),
    path("tag/<slug:slug>/feed/", feeds.tag_rss, name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.tag_atom, name="tag-feed-atom"),
    path("<section:section>/", views.section, name="section"),
    path("<section:section>/feed/", feeds.section_rss, name="section-feed"),
    path("<section:section>/feed/atom/", feeds.section_atom, name="section-feed-atom"),
    path(
        "<section:section>/<int:year>/<str:month>/<str:day>/<slug:slug>",
        views.story,
        name="story",
    ),
]

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from pewarta.public import comments

urlpatterns = [
    path("admin/", admin.site.urls),
    # The footer's language switch sits on pages the anonymous cache serves to everyone, so
    # they carry no CSRF token; switching the language changes nothing but a cookie.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pewarta.common.urls")),
    path("desk/", include("pewarta.desk.urls")),
    path("akun/auth/", include("allauth.urls")),
    path("akun/", include("pewarta.contributors.urls")),
    path("lacak/", include("pewarta.contributors.tracking_urls")),
    path("", include("pewarta.intake.urls")),
    path("", include("pewarta.complaints.urls")),
    path("", include("pewarta.search.urls")),
    path("", include("pewarta.community.urls")),
    path("", include("pewarta.honorarium.urls")),
    path("komentar/naskah/<int:story_id>", comments.page, name="comments-page"),
    path("komentar/naskah/<int:story_id>/fragmen", comments.fragment, name="comments-fragment"),
    path("", include("pewarta.api.urls")),
    # The reader site last: its section patterns are the most general.
    path("", include("pewarta.public.urls")),
]

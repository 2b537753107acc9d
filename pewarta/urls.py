from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pewarta.common.urls")),
    path("desk/", include("pewarta.desk.urls")),
    path("akun/auth/", include("allauth.urls")),
    path("akun/", include("pewarta.accounts.urls")),
    path("lacak/", include("pewarta.accounts.tracking_urls")),
    path("", include("pewarta.intake.urls")),
    path("", include("pewarta.complaints.urls")),
    path("", include("pewarta.search.urls")),
    # The reader site last: its section patterns are the most general.
    path("", include("pewarta.public.urls")),
]

if settings.DEBUG or not settings.PRODUCTION:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

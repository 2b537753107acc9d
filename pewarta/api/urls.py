from django.urls import path, re_path

from pewarta.api import desk_views
from pewarta.api.v1 import api, api_not_found

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("desk/api/", desk_views.keys_view, name="api-desk-keys"),
    path("desk/api/kunci/<int:pk>/cabut", desk_views.key_revoke_view, name="api-desk-revoke"),
    path("desk/api/webhook/", desk_views.deliveries_view, name="api-desk-deliveries"),
]

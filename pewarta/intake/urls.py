from django.urls import path

from pewarta.intake import unconfirmed, views, web_views

app_name = "intake"

urlpatterns = [
    path("akun/kirim", web_views.submit, name="submit"),
    path("akun/kirim/draf/<int:draft_id>", web_views.submit, name="draft"),
    path("akun/naskah/<int:pk>/terkirim", web_views.submitted, name="submitted"),
    path("kirim/konfirmasi/<str:token>/", views.confirm_sender, name="confirm_sender"),
    path("kirim/hak-foto/<str:token>/", views.photo_rights, name="photo_rights"),
    path("desk/konfirmasi/", unconfirmed.unconfirmed_list, name="unconfirmed"),
    path("desk/konfirmasi/buang", unconfirmed.unconfirmed_bulk_discard, name="unconfirmed_discard"),
    path("desk/karantina/", views.quarantine_list, name="quarantine"),
    path("desk/karantina/<int:pk>/", views.quarantine_detail, name="quarantine_detail"),
    path("desk/karantina/<int:pk>/mentah", views.quarantine_raw, name="quarantine_raw"),
    path("desk/karantina/<int:pk>/lepas", views.quarantine_release, name="quarantine_release"),
    path("desk/karantina/<int:pk>/buang", views.quarantine_discard, name="quarantine_discard"),
]

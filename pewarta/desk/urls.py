from django.urls import path

from pewarta.desk import integrity_views, photo_views, views

app_name = "desk"

urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("angka/", views.dashboard_view, name="dashboard"),
    path("terkait/", views.related_view, name="related"),
    path("naskah/<int:pk>/", views.review_view, name="review"),
    path("naskah/<int:pk>/tugaskan", views.assign_view, name="assign"),
    path("naskah/<int:pk>/simpan", views.edit_view, name="edit"),
    path("naskah/<int:pk>/data", views.metadata_view, name="metadata"),
    path("naskah/<int:pk>/risiko", views.risk_view, name="risk"),
    path("naskah/<int:pk>/catatan", views.note_view, name="note"),
    path("naskah/<int:pk>/keputusan/<slug:action>", views.decide_view, name="decide"),
    path("naskah/<int:pk>/periksa-kemiripan", integrity_views.check_view, name="integrity_check"),
    path("naskah/<int:pk>/siaran-pers", integrity_views.press_release_view, name="press_release"),
    path("naskah/<int:pk>/foto", photo_views.photo_upload_view, name="photo_upload"),
    path("naskah/<int:pk>/foto/pilih", photo_views.photo_pick_view, name="photo_pick"),
    path("foto/", photo_views.library_view, name="photo_library"),
    path("rujukan/", integrity_views.references_view, name="references"),
    path("rujukan/tambah", integrity_views.reference_add_view, name="reference_add"),
    path("rujukan/<int:pk>/aktif", integrity_views.reference_toggle_view, name="reference_toggle"),
    path("rujukan/<int:pk>/ambil", integrity_views.reference_fetch_view, name="reference_fetch"),
]

from django.urls import path

from pewarta.desk import views

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
]

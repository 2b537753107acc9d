from django.urls import path

from pewarta.complaints import views

app_name = "complaints"

urlpatterns = [
    path("laporkan/<int:story_id>", views.report, name="report"),
    path("hak-jawab/<int:story_id>", views.reply, name="reply"),
    path("hak-koreksi/<int:story_id>", views.correction, name="correction"),
    path("pengaduan/<str:token>", views.track, name="track"),
    path("koreksi", views.corrections_log, name="log"),
    path("koreksi/<int:pk>", views.correction_detail, name="correction_detail"),
    path("hak-jawab/dimuat/<int:pk>", views.reply_detail, name="reply_detail"),
    path("desk/pengaduan/", views.desk_queue, name="desk_queue"),
    path("desk/pengaduan/perintah/baru", views.desk_takedown, name="desk_takedown"),
    path("desk/pengaduan/kepatuhan", views.desk_report, name="desk_report"),
    path("desk/pengaduan/naskah/<int:story_id>", views.desk_story, name="desk_story"),
    path("desk/pengaduan/<int:pk>/", views.desk_detail, name="desk_detail"),
    path("desk/pengaduan/<int:pk>/berkas/<str:which>", views.desk_file, name="desk_file"),
    path("desk/pengaduan/<int:pk>/<slug:action>", views.desk_action, name="desk_action"),
]

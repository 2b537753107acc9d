from django.urls import path

from pewarta.community import views

app_name = "community"

urlpatterns = [
    path("komentar/naskah/<int:story_id>/tulis", views.comment_post_view, name="post"),
    path("komentar/<int:pk>/laporkan", views.comment_report_view, name="report"),
    path("desk/komentar/", views.moderation_queue, name="desk_queue"),
    path(
        "desk/komentar/naskah/<int:story_id>/tutup",
        views.story_comments_close,
        name="desk_close",
    ),
]

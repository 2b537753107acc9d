from django.urls import path

from pewarta.community import follow_views, views

app_name = "community"

urlpatterns = [
    path("komentar/naskah/<int:story_id>/tulis", views.comment_post_view, name="post"),
    path("komentar/<int:pk>/laporkan", views.comment_report_view, name="report"),
    path("ikuti/<str:kind_word>/<slug:slug>", follow_views.follow_view, name="follow"),
    path("langganan/", follow_views.subscription_view, name="subscription"),
    path(
        "langganan/konfirmasi/<str:token>", follow_views.follow_confirm_view, name="follow_confirm"
    ),
    path("berhenti/<str:token>", follow_views.unsubscribe_view, name="unsubscribe"),
    path("desk/komentar/", views.moderation_queue, name="desk_queue"),
    path(
        "desk/komentar/naskah/<int:story_id>/tutup",
        views.story_comments_close,
        name="desk_close",
    ),
]

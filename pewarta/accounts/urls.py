from django.urls import path

from pewarta.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kirim", views.submit, name="submit"),
    path("kirim/draf/<int:draft_id>", views.submit, name="draft"),
    path("naskah/<int:pk>", views.story_detail, name="story"),
    path("naskah/<int:pk>/terkirim", views.submitted, name="submitted"),
    path("naskah/<int:pk>/balas", views.story_reply, name="story_reply"),
    path("naskah/<int:pk>/revisi", views.story_revise, name="story_revise"),
    path("naskah/<int:pk>/tarik", views.story_withdraw, name="story_withdraw"),
    path("persetujuan", views.consent, name="consent"),
    path("profil", views.profile, name="profile"),
    path("wali", views.guardian_request, name="guardian_request"),
    path("wali/<str:token>", views.guardian_consent, name="guardian"),
    path("verifikasi", views.identity, name="identity"),
    path("verifikasi/tinjau", views.identity_queue, name="identity_queue"),
    path("verifikasi/tinjau/<int:pk>", views.identity_decide, name="identity_decide"),
    path("verifikasi/tinjau/<int:pk>/gambar", views.identity_image, name="identity_image"),
    path("organisasi", views.organization, name="organization"),
    path("organisasi/gabung/<str:token>", views.organization_join, name="org_join"),
    path("organisasi/anggota/<int:pk>/keluarkan", views.organization_remove, name="org_remove"),
    path("data", views.my_data, name="data"),
    path("data/kelola", views.data_plain, name="data_plain"),
    path("data/ekspor", views.data_export, name="data_export"),
    path("data/tarik-persetujuan", views.consent_withdraw, name="consent_withdraw"),
    path("data/permintaan", views.data_request_other, name="data_request"),
    path("data/hapus-akun", views.account_delete, name="delete"),
    path("pdp/", views.pdp_requests, name="pdp_requests"),
    path("pdp/<int:pk>/selesai", views.pdp_complete, name="pdp_complete"),
]

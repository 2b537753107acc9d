from django.urls import path

from pewarta.contributors.views import privacy, profile, staff, stories

app_name = "contributors"

urlpatterns = [
    path("", stories.dashboard, name="dashboard"),
    path("naskah/<int:pk>", stories.story_detail, name="story"),
    path("naskah/<int:pk>/balas", stories.story_reply, name="story_reply"),
    path("naskah/<int:pk>/revisi", stories.story_revise, name="story_revise"),
    path("naskah/<int:pk>/tarik", stories.story_withdraw, name="story_withdraw"),
    path("persetujuan", profile.consent, name="consent"),
    path("profil", profile.profile, name="profile"),
    path("wali", profile.guardian_request, name="guardian_request"),
    path("wali/<str:token>", profile.guardian_consent, name="guardian"),
    path("verifikasi", profile.identity, name="identity"),
    path("verifikasi/tinjau", staff.identity_queue, name="identity_queue"),
    path("verifikasi/tinjau/<int:pk>", staff.identity_decide, name="identity_decide"),
    path("verifikasi/tinjau/<int:pk>/gambar", staff.identity_image, name="identity_image"),
    path("organisasi", profile.organization, name="organization"),
    path("organisasi/gabung/<str:token>", profile.organization_join, name="org_join"),
    path("organisasi/anggota/<int:pk>/keluarkan", profile.organization_remove, name="org_remove"),
    path("data", privacy.my_data, name="data"),
    path("data/kelola", privacy.data_plain, name="data_plain"),
    path("data/ekspor", privacy.data_export, name="data_export"),
    path("data/tarik-persetujuan", privacy.consent_withdraw, name="consent_withdraw"),
    path("data/permintaan", privacy.data_request_other, name="data_request"),
    path("data/hapus-akun", privacy.account_delete, name="delete"),
    path("data/tautan", privacy.data_link_request, name="data_link_request"),
    path("data/tautan/<str:token>", privacy.data_link, name="data_link"),
    path("pdp/", staff.pdp_requests, name="pdp_requests"),
    path("pdp/<int:pk>/selesai", staff.pdp_complete, name="pdp_complete"),
]

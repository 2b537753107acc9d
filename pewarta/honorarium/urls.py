from django.urls import path

from pewarta.honorarium import views

app_name = "honorarium"

urlpatterns = [
    path("akun/honorarium", views.my_honorarium, name="mine"),
    path("desk/honorarium/", views.finance_desk, name="desk"),
    path("desk/honorarium/ekspor", views.month_export, name="export"),
    path("desk/honorarium/entri/<int:pk>/koreksi", views.entry_correct, name="correct"),
]

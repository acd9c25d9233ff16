from django.urls import path

from accounts.api import views

urlpatterns = [
    path("me/export/", views.AccountExportView.as_view(), name="account-export"),
    path("me/delete/", views.AccountDeleteView.as_view(), name="account-delete"),
]

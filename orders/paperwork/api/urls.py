from django.urls import path

from orders.paperwork.api import views

urlpatterns = [
    path("artisan-orders/<int:pk>/documents/", views.DocumentListView.as_view(), name="paperwork-document-list"),
    path(
        "artisan-orders/<int:pk>/documents/<int:document_id>/download/",
        views.DocumentDownloadView.as_view(),
        name="paperwork-document-download",
    ),
    path("documents/verify/<str:token>/", views.DocumentVerifyView.as_view(), name="paperwork-verify"),
]

from django.urls import path

from catalog.api import photos

urlpatterns = [
    path("my/products/<int:product_id>/photos/", photos.PhotoListCreateView.as_view(), name="my-product-photos"),
    path(
        "my/products/<int:product_id>/photos/<int:pk>/",
        photos.PhotoDetailView.as_view(),
        name="my-product-photo-detail",
    ),
]

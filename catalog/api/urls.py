from django.urls import path
from rest_framework.routers import SimpleRouter

from catalog.api import artisan, favourites, photos, public

router = SimpleRouter()
router.register("my/products", artisan.MyProductViewSet, basename="my-product")
router.register(r"my/products/(?P<product_id>\d+)/variants", artisan.MyVariantViewSet, basename="my-product-variant")

urlpatterns = [
    path("products/", public.ProductListView.as_view(), name="product-list"),
    path("products/<slug:slug>/", public.ProductDetailView.as_view(), name="product-detail"),
    path("categories/", public.CategoryListView.as_view(), name="category-list"),
    path("favourites/", favourites.FavouriteListView.as_view(), name="favourite-list"),
    path("favourites/<slug:slug>/", favourites.FavouriteDetailView.as_view(), name="favourite-detail"),
    path("my/stock/", artisan.StockBulkView.as_view(), name="my-stock"),
    path("my/products/<int:product_id>/photos/", photos.PhotoListCreateView.as_view(), name="my-product-photos"),
    path(
        "my/products/<int:product_id>/photos/<int:pk>/",
        photos.PhotoDetailView.as_view(),
        name="my-product-photo-detail",
    ),
    *router.urls,
]

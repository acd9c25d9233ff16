from django.urls import path
from rest_framework.routers import SimpleRouter

from artisans.api import views

router = SimpleRouter()
router.register("cooperatives", views.CooperativeViewSet, basename="cooperative")
router.register("manage/artisans", views.ManagedArtisanViewSet, basename="managed-artisan")

urlpatterns = [
    path("artisans/", views.ArtisanListApplyView.as_view(), name="artisan-list"),
    path("artisans/me/", views.ArtisanMeView.as_view(), name="artisan-me"),
    path("artisans/<slug:slug>/", views.ArtisanDetailView.as_view(), name="artisan-detail"),
    *router.urls,
]

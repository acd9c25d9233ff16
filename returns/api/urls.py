from django.urls import path

from returns.api import views

urlpatterns = [
    path("orders/<str:number>/lines/<int:line_id>/return/", views.ReturnOpenView.as_view(), name="order-line-return"),
    path("returns/", views.MyReturnListView.as_view(), name="return-list"),
    path("returns/<int:pk>/", views.MyReturnDetailView.as_view(), name="return-detail"),
    path("returns/<int:pk>/photos/<int:photo_id>/", views.ReturnPhotoView.as_view(), name="return-photo"),
    path("manage/returns/", views.ManagedReturnListView.as_view(), name="managed-return-list"),
    path("manage/returns/<int:pk>/", views.ManagedReturnDetailView.as_view(), name="managed-return-detail"),
    path("manage/returns/<int:pk>/decide/", views.ManagedReturnDecideView.as_view(), name="managed-return-decide"),
]

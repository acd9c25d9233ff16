from django.urls import path

from bench.floors import views

urlpatterns = [
    path("floor/static/", views.StaticFloorView.as_view(), name="floor-static"),
    path("floor/rows/", views.RowsFloorView.as_view(), name="floor-rows"),
]

from django.urls import path

from analytics.api import views

urlpatterns = [
    path("manage/analytics/exports/", views.ExportFiguresView.as_view(), name="analytics-exports"),
    path("manage/analytics/exports/<str:table>/", views.ExportTableView.as_view(), name="analytics-export-table"),
    path("manage/analytics/eligibility/", views.EligibilityView.as_view(), name="analytics-eligibility"),
]

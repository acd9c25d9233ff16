"""Orders after checkout: the buyer's, the artisan's, reviews, satisfaction."""

from django.urls import path

from orders.api import artisan, buyer, reviews, satisfaction

urlpatterns = [
    path("orders/", buyer.OrderListView.as_view(), name="order-list"),
    path("orders/<str:number>/", buyer.OrderDetailView.as_view(), name="order-detail"),
    path(
        "orders/<str:number>/lines/<int:line_id>/review/",
        reviews.OrderLineReviewView.as_view(),
        name="order-line-review",
    ),
    path(
        "orders/<str:number>/parcels/<int:parcel_id>/satisfaction/",
        satisfaction.ParcelSatisfactionView.as_view(),
        name="parcel-satisfaction",
    ),
    path("my/orders/", artisan.MyOrderListView.as_view(), name="my-order-list"),
    path("my/orders/<int:pk>/", artisan.MyOrderDetailView.as_view(), name="my-order-detail"),
    path("my/orders/<int:pk>/advance/", artisan.MyOrderAdvanceView.as_view(), name="my-order-advance"),
    path("my/orders/<int:pk>/parcel/", artisan.MyOrderParcelView.as_view(), name="my-order-parcel"),
    path("satisfaction/<str:token>/", satisfaction.SatisfactionAnswerView.as_view(), name="satisfaction-answer"),
    path("manage/satisfaction/", satisfaction.SatisfactionSummaryView.as_view(), name="satisfaction-summary"),
    path("products/<slug:slug>/reviews/", reviews.ProductReviewListView.as_view(), name="product-reviews"),
]

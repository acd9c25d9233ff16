"""Orders after checkout: the buyer's, the artisan's, reviews."""

from django.urls import path

from orders.api import artisan, buyer, reviews

urlpatterns = [
    path("orders/", buyer.OrderListView.as_view(), name="order-list"),
    path("orders/<str:number>/", buyer.OrderDetailView.as_view(), name="order-detail"),
    path(
        "orders/<str:number>/lines/<int:line_id>/review/",
        reviews.OrderLineReviewView.as_view(),
        name="order-line-review",
    ),
    path("my/orders/", artisan.MyOrderListView.as_view(), name="my-order-list"),
    path("my/orders/<int:pk>/", artisan.MyOrderDetailView.as_view(), name="my-order-detail"),
    path("my/orders/<int:pk>/advance/", artisan.MyOrderAdvanceView.as_view(), name="my-order-advance"),
    path("products/<slug:slug>/reviews/", reviews.ProductReviewListView.as_view(), name="product-reviews"),
]

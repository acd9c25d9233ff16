from django.urls import include, path

from orders.api import cart

urlpatterns = [
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/lines/", cart.CartLineListView.as_view(), name="cart-lines"),
    path("cart/lines/<int:variant_id>/", cart.CartLineDetailView.as_view(), name="cart-line-detail"),
    path("", include("orders.api.urls_orders")),
    path("", include("orders.paperwork.api.urls")),
]

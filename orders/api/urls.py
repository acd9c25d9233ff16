from django.urls import include, path

from orders.api import cart, checkout

urlpatterns = [
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/lines/", cart.CartLineListView.as_view(), name="cart-lines"),
    path("cart/lines/<int:variant_id>/", cart.CartLineDetailView.as_view(), name="cart-line-detail"),
    path("checkout/", checkout.CheckoutView.as_view(), name="checkout"),
    path("", include("orders.api.urls_orders")),
    path("", include("orders.paperwork.api.urls")),
]

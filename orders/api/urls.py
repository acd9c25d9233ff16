from django.urls import include, path

from orders.api import addresses, cart

urlpatterns = [
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/lines/", cart.CartLineListView.as_view(), name="cart-lines"),
    path("cart/lines/<int:variant_id>/", cart.CartLineDetailView.as_view(), name="cart-line-detail"),
    path("me/addresses/", addresses.SavedAddressListView.as_view(), name="saved-address-list"),
    path("me/addresses/<int:pk>/", addresses.SavedAddressDetailView.as_view(), name="saved-address-detail"),
    path("", include("orders.api.urls_orders")),
    path("", include("orders.paperwork.api.urls")),
]

"""The artisan's money, beside their orders and products under /my/."""

from django.urls import path

from payments.api import balance

urlpatterns = [
    path("my/balance/", balance.MyBalanceView.as_view(), name="my-balance"),
    path("my/payouts/", balance.MyPayoutListView.as_view(), name="my-payout-list"),
    path("my/payouts/<int:pk>/", balance.MyPayoutDetailView.as_view(), name="my-payout-detail"),
]

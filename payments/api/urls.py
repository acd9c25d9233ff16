from django.urls import path

from payments.api import cancel, checkout, payment, refunds

urlpatterns = [
    path("checkout/", checkout.CheckoutView.as_view(), name="checkout"),
    path("orders/<str:number>/cancel/", cancel.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<str:number>/payment/", payment.OrderPaymentView.as_view(), name="order-payment"),
    path("my/orders/<int:pk>/refunds/", refunds.MyOrderRefundsView.as_view(), name="my-order-refunds"),
]

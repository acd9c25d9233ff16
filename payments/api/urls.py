from django.urls import path

from payments.api import payment, refunds

urlpatterns = [
    path("orders/<str:number>/payment/", payment.OrderPaymentView.as_view(), name="order-payment"),
    path("my/orders/<int:pk>/refunds/", refunds.MyOrderRefundsView.as_view(), name="my-order-refunds"),
]

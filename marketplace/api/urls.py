from django.urls import path

from marketplace.api import account, auth
from marketplace.api.root import ApiRootView

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/register/", auth.RegisterView.as_view(), name="auth-register"),
    path("auth/login/", auth.LoginView.as_view(), name="auth-login"),
    path("auth/refresh/", auth.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/password/change/", account.PasswordChangeView.as_view(), name="auth-password-change"),
    path("auth/password/reset/", account.PasswordResetRequestView.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm/",
        account.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("auth/email/verify/", account.EmailVerifyView.as_view(), name="auth-email-verify"),
    path("auth/email/verify/send/", account.EmailVerificationSendView.as_view(), name="auth-email-verify-send"),
    path("me/", auth.MeView.as_view(), name="me"),
]

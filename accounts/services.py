"""Deleting one's account, as the app stores require it be possible in the app.

The user row stays (orders, refunds and the ledger point to it, and the law
keeps them: ten years for accounts and VAT records), emptied of the person:
a neutral e-mail, no name, deactivated, an unusable password, every token
revoked. Their saved addresses, favourites and cart go. Their orders are
anonymised (accounts.anonymise) with every row that copied their data,
except the orders still on their way: those keep the address the parcels
need until they are delivered or cancelled, and `accounts_anonymise_finished`
(beat, hourly) anonymises them then. Guest orders placed with the same
e-mail address are the person's too: they are attached to the account first.

Why an app of its own: the deletion reaches orders, payments, returns and
reviews, so it sits above returns in the layers (pyproject.toml), below analytics."""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import anonymise, locks
from artisans.permissions import administers_any_cooperative
from catalog.models import Favourite
from marketplace.accounts import user_tokens_blacklist
from marketplace.errors import Conflict, DomainError
from marketplace.models import User
from orders.models import ArtisanOrder, ArtisanOrderStatus, Cart, Order, SavedAddress

FINISHED_PARCEL_STATUSES = (ArtisanOrderStatus.DELIVERED, ArtisanOrderStatus.CANCELLED)


class AccountHasDuties(Conflict):
    code = "account_has_duties"


def _unfinished_parcels():
    return ArtisanOrder.objects.filter(order=OuterRef("pk")).exclude(status__in=FINISHED_PARCEL_STATUSES)


def finished_orders(queryset):
    """Orders whose every parcel is delivered or cancelled: nothing more to ship."""
    return queryset.filter(~Exists(_unfinished_parcels()))


@transaction.atomic(durable=True)
def account_delete(*, user: User, password: str) -> User:
    """The signed-in person deletes their own account, confirming with their password."""
    if not user.check_password(password):
        message = _("The password is not correct.")
        raise DomainError(message, fields={"password": [message]})
    if user.is_staff or user.is_superuser or hasattr(user, "artisan_profile") or administers_any_cooperative(user):
        raise AccountHasDuties(
            _(
                "This account sells, administers a cooperative or runs the platform: "
                "ask the platform's support to close it."
            )
        )
    user = locks.user_lock(user.pk)
    if user.deleted_at is not None:
        raise Conflict(_("This account is already deleted."))

    Order.objects.filter(buyer__isnull=True, email__iexact=user.email).update(buyer=user)
    orders = Order.objects.filter(buyer=user)
    values = anonymise.person_values(
        user.email,
        user.full_name,
        *anonymise.order_values(orders.values("pk")),
        *(value for row in SavedAddress.objects.filter(user=user).values_list("name", "line1", "line2", "phone")
          for value in row),
    )  # fmt: skip
    email = anonymise.neutral_email(user.pk)
    anonymise.orders_anonymise(
        order_ids=list(finished_orders(orders).values_list("pk", flat=True)), email=email, values=values
    )
    anonymise.reviews_anonymise(user=user, values=values)
    anonymise.webhook_events_scrub(references=[], values=values)
    SavedAddress.objects.filter(user=user).delete()
    Favourite.objects.filter(user=user).delete()
    Cart.objects.filter(user=user).delete()
    _sign_in_traces_delete(user)

    user.email = email
    user.full_name = ""
    user.preferred_currency = ""
    user.email_verified_at = None
    user.is_active = False
    user.deleted_at = timezone.now()
    user.token_version += 1
    user.set_unusable_password()
    user.save()
    User.history.filter(id=user.pk).update(email=email, full_name="")
    user_tokens_blacklist(user)
    return user


def _sign_in_traces_delete(user: User) -> None:
    """django-axes' records of sign-in attempts name the address, and the
    admin's log names the user as it was shown (its e-mail)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=anonymise.neutral_email(user.pk)
    )


@transaction.atomic(durable=True)
def accounts_anonymise_finished(*, limit: int = 500) -> int:
    """The orders of deleted accounts that were still on their way at the
    deletion and are now delivered or cancelled: anonymised. Returns how many."""
    waiting = finished_orders(Order.objects.filter(buyer__deleted_at__isnull=False)).exclude(
        shipping_name=anonymise.NEUTRAL_NAME
    )
    count = 0
    for order in waiting.order_by("pk")[:limit]:
        values = anonymise.person_values(*anonymise.order_values([order.pk]))
        anonymise.orders_anonymise(order_ids=[order.pk], email=anonymise.neutral_email(order.buyer_id), values=values)
        count += 1
    return count

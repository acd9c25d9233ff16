"""A buyer's saved addresses: kept normalised (orders.addresses) and read by
the checkout in place of a full address. Only their owner sees or uses them."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from orders.models import SavedAddress

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")
MAX_SAVED_ADDRESSES = 20


def saved_addresses_of(user):
    return SavedAddress.objects.filter(user=user).order_by("id")


def saved_address_for_checkout(*, user, address_id: int) -> dict:
    """The shipping address a checkout reads from a saved one; a 400 naming
    `saved_address` when it is not the buyer's (a guest has none)."""
    address = None
    if user is not None and user.is_authenticated:
        address = saved_addresses_of(user).filter(pk=address_id).first()
    if address is None:
        message = _("No saved address of yours has this id.")
        raise DomainError(message, fields={"saved_address": [message]})
    return address.shipping_address


@transaction.atomic(durable=True)
def saved_address_create(*, user, label: str = "", **address) -> SavedAddress:
    """`address`: valid data of orders.addresses.ShippingAddressSerializer."""
    if saved_addresses_of(user).count() >= MAX_SAVED_ADDRESSES:
        raise DomainError(_("You have saved as many addresses as allowed; delete one first."))
    return SavedAddress.objects.create(user=user, label=label, **{name: address[name] for name in ADDRESS_FIELDS})


@transaction.atomic(durable=True)
def saved_address_update(*, address: SavedAddress, label: str | None = None, **fields) -> SavedAddress:
    if label is not None:
        address.label = label
    for name in ADDRESS_FIELDS:
        if name in fields:
            setattr(address, name, fields[name])
    address.save()
    return address


@transaction.atomic(durable=True)
def saved_address_delete(*, address: SavedAddress) -> None:
    address.delete()

"""Who may act on a product: its artisan edits it; the admins of the artisan's
own cooperative and platform operators review it (approve, reject, the
handmade mark), never the product's own artisan (the four-eyes rule). One
answer for the API, the admin and the services."""

from django.utils.translation import gettext as _

from artisans.permissions import artisan_may_be_managed_by, artisans_managed_by, is_active_user, is_artisan_user
from catalog.models import Product
from marketplace.errors import FourEyesRefused, NotAllowed


def products_managed_by(user):
    """The products of the artisans `user` manages (artisans.permissions):
    what the admin lists them for review."""
    return Product.objects.filter(artisan__in=artisans_managed_by(user))


def product_may_be_edited_by(user, product) -> bool:
    return is_active_user(user) and is_artisan_user(user, product.artisan)


def product_may_be_reviewed_by(user, product) -> bool:
    return artisan_may_be_managed_by(user, product.artisan) and not is_artisan_user(user, product.artisan)


def product_reviewer_require(user, product) -> None:
    """product_may_be_reviewed_by, or the DomainError saying why not."""
    if not artisan_may_be_managed_by(user, product.artisan):
        raise NotAllowed(_("You do not administer this artisan's cooperative."))
    if is_artisan_user(user, product.artisan):
        raise FourEyesRefused(
            _("Nobody reviews their own products: another admin of the cooperative or Souk staff does.")
        )

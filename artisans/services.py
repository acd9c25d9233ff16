"""Every write about artisans and cooperatives: one function, one transaction."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from artisans import locks, permissions
from artisans.models import ArtisanProfile, Cooperative, PayoutDetails, VerificationEvent, VerificationStatus
from artisans.tasks import send_verification_email
from marketplace import cache_version, effects
from marketplace.errors import Conflict, DomainError, IllegalTransition
from marketplace.history import history_actor
from marketplace.images import photo_clean

PROFILE_FIELDS = {
    "display_name_latin",
    "display_name_arabic",
    "bio_en",
    "bio_fr",
    "bio_es",
    "bio_ar",
    "photo",
    "region",
    "city",
    "cooperative",
    "paperwork_language",
}


def _portrait_cleaned(fields: dict) -> dict:
    """A portrait is stored without metadata: its GPS would say where the artisan lives."""
    if fields.get("photo"):
        fields["photo"] = photo_clean(fields["photo"], field="photo").content
    return fields


def unique_slug(model, text: str, *, max_length: int = 80) -> str:
    base = (slugify(text) or "artisan")[: max_length - 6]
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def artisan_apply(*, user, crafts=(), payout: dict | None = None, **profile) -> ArtisanProfile:
    """A signed-in user asks to sell. The profile waits for review. `payout`:
    where they are paid (payout_details_set's fields), in the same transaction."""
    if ArtisanProfile.objects.filter(user=user).exists():
        raise Conflict(_("You have already applied as an artisan."))
    unknown = set(profile) - PROFILE_FIELDS
    if unknown:
        raise DomainError(_("Unknown profile fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    _portrait_cleaned(profile)
    artisan = ArtisanProfile(user=user, slug=unique_slug(ArtisanProfile, profile["display_name_latin"]), **profile)
    artisan.full_clean(exclude=["photo"])
    artisan.save()
    artisan.crafts.set(crafts)
    VerificationEvent.objects.create(
        artisan=artisan, from_status="", to_status=VerificationStatus.PENDING, actor=user, reason=""
    )
    if payout is not None:
        payout_details_set(artisan=artisan, **payout)
    return artisan


@transaction.atomic
def artisan_update(*, artisan: ArtisanProfile, crafts=None, payout: dict | None = None, **changes) -> ArtisanProfile:
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise DomainError(_("Unknown profile fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if (
        "cooperative" in changes
        and changes["cooperative"] != artisan.cooperative
        and artisan.verification_status != VerificationStatus.PENDING
    ):
        # The cooperative's admins vouched for this artisan: moving needs a new review.
        message = _("The cooperative can only be changed while the application is pending.")
        raise DomainError(message, fields={"cooperative": [message]})
    _portrait_cleaned(changes)
    for name, value in changes.items():
        setattr(artisan, name, value)
    artisan.full_clean(exclude=["photo", "slug", "user"])
    artisan.save()
    cache_version.bump_on_commit()  # names and cooperative show on product cards
    if crafts is not None:
        artisan.crafts.set(crafts)
    if payout is not None:
        payout_details_set(artisan=artisan, **payout)
    return artisan


def _verification_move(
    *, artisan: ArtisanProfile, to_status: str, actor, reason: str = "", from_status: str | None = None
) -> VerificationEvent:
    # Lock the row so two admins acting at once cannot both move it.
    artisan = locks.artisan_lock(artisan.pk)
    # The four-eyes rule too: a cooperative admin who applied as an artisan of
    # their cooperative does not verify (or reinstate) themself.
    permissions.artisan_decider_require(actor, artisan)
    if not artisan.can_move_to(to_status) or from_status not in (None, artisan.verification_status):
        raise IllegalTransition(
            current=VerificationStatus(artisan.verification_status), target=VerificationStatus(to_status)
        )
    if to_status in (VerificationStatus.REJECTED, VerificationStatus.SUSPENDED) and not reason.strip():
        raise DomainError(_("A reason is required."), fields={"reason": [_("A reason is required.")]})
    event = VerificationEvent.objects.create(
        artisan=artisan,
        from_status=artisan.verification_status,
        to_status=to_status,
        actor=actor,
        reason=reason.strip(),
    )
    artisan.verification_status = to_status
    history_actor(artisan, actor, reason.strip())
    artisan.save(update_fields=["verification_status", "updated_at"])
    cache_version.bump_on_commit()  # their products appear in or leave public pages
    effects.task_enqueue_on_commit(send_verification_email, event.pk)
    return event


@transaction.atomic
def artisan_verify(*, artisan: ArtisanProfile, actor, reason: str = "") -> VerificationEvent:
    return _verification_move(artisan=artisan, to_status=VerificationStatus.VERIFIED, actor=actor, reason=reason)


@transaction.atomic
def artisan_reject(*, artisan: ArtisanProfile, actor, reason: str) -> VerificationEvent:
    return _verification_move(artisan=artisan, to_status=VerificationStatus.REJECTED, actor=actor, reason=reason)


@transaction.atomic
def artisan_suspend(*, artisan: ArtisanProfile, actor, reason: str) -> VerificationEvent:
    return _verification_move(artisan=artisan, to_status=VerificationStatus.SUSPENDED, actor=actor, reason=reason)


@transaction.atomic
def artisan_reinstate(*, artisan: ArtisanProfile, actor, reason: str = "") -> VerificationEvent:
    return _verification_move(
        artisan=artisan,
        to_status=VerificationStatus.VERIFIED,
        actor=actor,
        reason=reason,
        from_status=VerificationStatus.SUSPENDED,
    )


@transaction.atomic
def payout_details_set(*, artisan: ArtisanProfile, account_holder: str, rib: str = "", iban: str = "") -> PayoutDetails:
    """Replace where the artisan is paid. Exactly one of RIB and IBAN."""
    rib, iban = "".join(rib.split()), "".join(iban.split()).upper()
    if bool(rib) == bool(iban):
        message = _("Give either a RIB or an IBAN, not both and not neither.")
        raise DomainError(message, fields={"rib": [message], "iban": [message]})
    details, _created = locks.payout_details_get_or_create_lock(
        artisan=artisan, defaults={"account_holder": account_holder, "rib": rib, "iban": iban}
    )
    details.account_holder, details.rib, details.iban = account_holder, rib, iban
    details.full_clean(exclude=["artisan"])
    details.save()
    return details


@transaction.atomic
def cooperative_register(*, admins=(), **fields) -> Cooperative:
    cooperative = Cooperative(**fields)
    if not cooperative.slug:
        cooperative.slug = unique_slug(Cooperative, cooperative.name_latin)
    cooperative.full_clean()
    cooperative.save()
    for user in admins:
        cooperative_admin_add(cooperative=cooperative, user=user)
    return cooperative


@transaction.atomic
def cooperative_admin_add(*, cooperative: Cooperative, user) -> None:
    """Cooperative admins work in the Django admin, so they need staff access."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    cooperative.admins.add(user)

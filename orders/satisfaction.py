"""After delivery the buyer is asked how the parcel went: the delivery and
the piece, 1 to 5 each, and a comment. One answer a parcel, by its signed-in
buyer or by whoever holds the signed link of the e-mail (the buyer may have
ordered as a guest). Staff read the share of satisfied answers, overall and
per cooperative, from one selector (`satisfaction_by_cooperative`) that the
admin and the staff API both show."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from artisans.permissions import administers_any_cooperative, cooperatives_administered_by, is_active_user, is_operator
from marketplace.errors import Conflict, NotAllowed
from orders.models import ArtisanOrder, ArtisanOrderStatus, SatisfactionAnswer

TOKEN_SALT = "orders.satisfaction"
# A parcel counts as satisfied when BOTH its ratings are 4 or 5: a lovely piece
# that arrived late, or a quick parcel with a disappointing piece, is not.
SATISFIED_FROM = 4
SHARE_PLACES = Decimal("0.0001")


class NotDelivered(Conflict):
    code = "not_delivered"


class AlreadyAnswered(Conflict):
    code = "already_answered"


# --- the signed link ----------------------------------------------------------------------


def satisfaction_token(artisan_order: ArtisanOrder) -> str:
    """The token of the e-mailed link: the parcel's id, signed (not secret)."""
    return signing.dumps(artisan_order.pk, salt=TOKEN_SALT)


def satisfaction_token_read(token: str) -> int | None:
    """The parcel id a token was signed for; None when it was tampered with
    or is older than SATISFACTION_LINK_DAYS."""
    try:
        value = signing.loads(token, salt=TOKEN_SALT, max_age=settings.SATISFACTION_LINK_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) else None


def satisfaction_url(artisan_order: ArtisanOrder) -> str:
    """The link in the e-mail: the API's question, answered by POST."""
    path = reverse("satisfaction-answer", kwargs={"token": satisfaction_token(artisan_order)})
    return f"{settings.SITE_URL}{path}"


# --- the answer ---------------------------------------------------------------------------


def satisfaction_check_eligible(*, artisan_order: ArtisanOrder, actor=None, token: str = "") -> None:
    """Raise unless the holder of `token`, or `actor`, may answer for this parcel now."""
    by_token = bool(token) and satisfaction_token_read(token) == artisan_order.pk
    by_buyer = actor is not None and actor.is_authenticated and artisan_order.order.buyer_id == actor.pk
    if not (by_token or by_buyer):
        raise NotAllowed(_("Only the buyer of this parcel can say how it went."))
    if artisan_order.status != ArtisanOrderStatus.DELIVERED:
        raise NotDelivered(_("You can tell us how this parcel went once it has been delivered."))
    if SatisfactionAnswer.objects.filter(artisan_order=artisan_order).exists():
        raise AlreadyAnswered(_("You have already told us how this parcel went. Thank you."))


@transaction.atomic
def satisfaction_answer(
    *, artisan_order: ArtisanOrder, delivery_rating: int, piece_rating: int, comment: str = "", actor=None,
    token: str = "",
) -> SatisfactionAnswer:  # fmt: skip
    """Record the buyer's one answer about a delivered parcel."""
    artisan_order = ArtisanOrder.objects.select_related("order").get(pk=artisan_order.pk)
    satisfaction_check_eligible(artisan_order=artisan_order, actor=actor, token=token)
    try:
        with transaction.atomic():  # the unique parcel settles two answers sent at once
            return SatisfactionAnswer.objects.create(
                artisan_order=artisan_order,
                delivery_rating=delivery_rating,
                piece_rating=piece_rating,
                comment=(comment or "").strip(),
            )
    except IntegrityError as error:
        raise AlreadyAnswered(_("You have already told us how this parcel went. Thank you.")) from error


# --- what staff read ----------------------------------------------------------------------


def _share(answers: int, satisfied: int) -> Decimal | None:
    if not answers:
        return None
    return (Decimal(satisfied) / Decimal(answers)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def satisfaction_by_cooperative(answers=None) -> dict:
    """{"overall": {answers, satisfied, share}, "cooperatives": [{id, name,
    answers, satisfied, share}, ...]} over `answers` (a queryset of
    SatisfactionAnswer; all of them by default). Satisfied: both ratings 4 or
    5 (SATISFIED_FROM). Share: satisfied / answers, 4 places, None without
    answers. Artisans outside a cooperative are one group, id None."""
    if answers is None:
        answers = SatisfactionAnswer.objects.all()
    satisfied = Q(delivery_rating__gte=SATISFIED_FROM, piece_rating__gte=SATISFIED_FROM)
    rows = (
        answers.order_by()
        .values("artisan_order__artisan__cooperative", "artisan_order__artisan__cooperative__name_latin")
        .annotate(answers=Count("pk"), satisfied=Count("pk", filter=satisfied))
        .order_by("artisan_order__artisan__cooperative__name_latin", "artisan_order__artisan__cooperative")
    )
    cooperatives = [
        {
            "id": row["artisan_order__artisan__cooperative"],
            "name": row["artisan_order__artisan__cooperative__name_latin"] or "",
            "answers": row["answers"],
            "satisfied": row["satisfied"],
            "share": _share(row["answers"], row["satisfied"]),
        }
        for row in rows
    ]
    total = sum(row["answers"] for row in cooperatives)
    total_satisfied = sum(row["satisfied"] for row in cooperatives)
    return {
        "overall": {"answers": total, "satisfied": total_satisfied, "share": _share(total, total_satisfied)},
        "cooperatives": cooperatives,
    }


def satisfaction_answers_visible_to(user):
    """The answers a staff user reads: every one for operators, their own
    cooperatives' parcels for cooperative admins, none for anybody else."""
    if is_operator(user):
        return SatisfactionAnswer.objects.all()
    return SatisfactionAnswer.objects.filter(artisan_order__artisan__cooperative__in=cooperatives_administered_by(user))


def satisfaction_reader(user) -> bool:
    """Who reads the results: operators and cooperative admins (staff)."""
    return is_operator(user) or (is_active_user(user) and user.is_staff and administers_any_cooperative(user))

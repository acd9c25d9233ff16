"""The small world the permission matrix runs in: two cooperatives, A and B,
each with an admin and a verified artisan; in A also a pending and a
suspended artisan; a buyer and another buyer; staff without superuser; a
superuser; a deactivated former admin of A. Every row a URL or an admin page
names belongs to one of them, so that each role meets both its own rows and
somebody else's.

| row                        | belongs to                                     |
|----------------------------|------------------------------------------------|
| product, photo, draft      | artisan (A)                                    |
| mixed order                | buyer; a parcel of artisan (A), one of other artisan (B) |
| order_a / order_b          | buyer / other buyer, one parcel of A / of B, delivered, paid out |
| refund_a / refund_b        | the mixed order's parcel of A / of B           |
| staff_refund               | refund_b, waiting for staff (CMI back office)  |
| payout_a / payout_b        | artisan / other artisan, one batch             |
| document_a                 | the mixed order's parcel of A (commercial invoice) |
| return_a / return_b        | buyer / other buyer: a return opened on order_a / order_b's line, with a photo |
| returnable_order           | buyer, one parcel of A delivered yesterday, nothing asked of it yet |
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from rest_framework_simplejwt.tokens import RefreshToken

from artisans.models import VerificationStatus
from catalog import photos
from marketplace.api.authentication import token_pair_for
from marketplace.models import PendingTask
from orders import carts
from orders.models import ArtisanOrder, Order, SatisfactionAnswer, SavedAddress
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument
from payments import payouts
from payments.models import (
    CommissionRule,
    Dispute,
    LedgerAccount,
    LedgerTransaction,
    Payment,
    Payout,
    StaffRefund,
    StateChange,
    WebhookEvent,
)
from returns.models import ReturnEvent, ReturnKind, ReturnPhoto, ReturnRequest, ReturnStatus
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory, UserFactory
from tests.payments.ledger_builders import bank_details, deliver, line_refund, paid_order

ROLES = (
    "anonymous",
    "buyer",
    "other_buyer",
    "artisan",
    "other_artisan",
    "pending_artisan",
    "suspended_artisan",
    "cooperative_admin",
    "other_cooperative_admin",
    "staff",
    "superuser",
    "deactivated",
)

PAYOUT_SETTINGS = {
    "COMMISSION_DEFAULT_PERCENT": Decimal("12.00"),
    "PAYOUT_HOLD_DAYS": 7,
    "PAYOUT_MINIMUM_MAD": Decimal("100.00"),
}


@dataclass
class World:
    users: dict  # role -> User (None for anonymous)
    tokens: dict  # role -> JWT access token ("" for anonymous)
    rows: dict = field(default_factory=dict)  # name -> model instance

    def __getattr__(self, name):
        try:
            return self.__dict__["rows"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 90, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("pot.jpg", buffer.getvalue(), content_type="image/jpeg")


def _parcel(order: Order, artisan) -> ArtisanOrder:
    return order.artisan_orders.get(artisan=artisan)


def world_build() -> World:
    cooperative_a, cooperative_b = CooperativeFactory(), CooperativeFactory()
    artisan = ArtisanFactory(cooperative=cooperative_a)
    other_artisan = ArtisanFactory(cooperative=cooperative_b)
    pending = ArtisanFactory(cooperative=cooperative_a, verification_status=VerificationStatus.PENDING)
    suspended = ArtisanFactory(cooperative=cooperative_a, verification_status=VerificationStatus.SUSPENDED)
    pending_b = ArtisanFactory(cooperative=cooperative_b, verification_status=VerificationStatus.PENDING)
    users = {
        "anonymous": None,
        "buyer": UserFactory(),
        "other_buyer": UserFactory(),
        "artisan": artisan.user,
        "other_artisan": other_artisan.user,
        "pending_artisan": pending.user,
        "suspended_artisan": suspended.user,
        "cooperative_admin": UserFactory(is_staff=True),
        "other_cooperative_admin": UserFactory(is_staff=True),
        "staff": UserFactory(is_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        # A former admin of cooperative A, switched off after signing in.
        "deactivated": UserFactory(is_staff=True),
    }
    cooperative_a.admins.add(users["cooperative_admin"], users["deactivated"])
    cooperative_b.admins.add(users["other_cooperative_admin"])
    tokens = {role: token_pair_for(user)["access"] if user else "" for role, user in users.items()}
    users["deactivated"].is_active = False
    users["deactivated"].save(update_fields=["is_active"])

    for seller in (artisan, other_artisan):
        bank_details(seller)
    product = ProductFactory(artisan=artisan)
    other_product = ProductFactory(artisan=other_artisan)
    draft = ProductFactory(artisan=artisan, status="draft")
    photo = photos.photo_add(product=product, image=_jpeg(), actor=artisan.user)

    # The mixed order: the buyer's, one parcel for each cooperative.
    mixed = paid_order(artisans=[artisan, other_artisan])
    Order.objects.filter(pk=mixed.order.pk).update(buyer=users["buyer"], email=users["buyer"].email)
    parcel_a, parcel_b = _parcel(mixed.order, artisan), _parcel(mixed.order, other_artisan)
    refund_a = line_refund(mixed, parcel_a, 1)
    refund_b = line_refund(mixed, parcel_b, 1)
    # Waiting for staff to make it in CMI's back office (payments.refunds.refund_staff_confirm).
    StaffRefund.objects.filter(pk=refund_b.pk).update(by_staff=True)

    # One order per cooperative alone, delivered and paid out.
    alone_a = paid_order(artisans=[artisan])
    alone_b = paid_order(artisans=[other_artisan])
    Order.objects.filter(pk=alone_a.order.pk).update(buyer=users["buyer"], email=users["buyer"].email)
    Order.objects.filter(pk=alone_b.order.pk).update(buyer=users["other_buyer"], email=users["other_buyer"].email)
    deliver(alone_a.order)
    deliver(alone_b.order)
    batch = payouts.payout_batch_create(actor=users["superuser"])
    # Each delivered parcel's buyer answered how it went (orders/satisfaction.py).
    satisfaction_a, satisfaction_b = (
        SatisfactionAnswer.objects.create(
            artisan_order=done.order.artisan_orders.get(), delivery_rating=5, piece_rating=4
        )
        for done in (alone_a, alone_b)
    )
    payout_a, payout_b = Payout.objects.get(artisan=artisan), Payout.objects.get(artisan=other_artisan)
    # Each buyer opened a return on their delivered parcel (returns/services.py), with a photo;
    # the buyer has another parcel of A delivered yesterday, on which nothing is asked yet.
    # (Rows written directly: the world's own transaction is not a test's, so durable services refuse it.)
    return_a, return_b = [
        ReturnRequest.objects.create(
            artisan_order=done.order.artisan_orders.get(), order_line=done.order.artisan_orders.get().lines.get(),
            buyer=buyer, kind=ReturnKind.DAMAGE, quantity=1, reason="Cracked in transit",
        )
        for done, buyer in ((alone_a, users["buyer"]), (alone_b, users["other_buyer"]))
    ]  # fmt: skip
    for request in (return_a, return_b):
        ReturnEvent.objects.create(request=request, actor=request.buyer, to_status=ReturnStatus.REQUESTED)
        claim_photo = ReturnPhoto(request=request, width=64, height=48)
        claim_photo.image.save("matrix.jpg", _jpeg(), save=False)
        claim_photo.save()
    returnable = paid_order(artisans=[artisan])
    Order.objects.filter(pk=returnable.order.pk).update(buyer=users["buyer"], email=users["buyer"].email)
    deliver(returnable.order, days_ago=1)

    # Paid by card through Stripe (the builders' "test" provider has no client view).
    Payment.objects.update(provider="stripe")
    dispute_b = Dispute.objects.create(
        payment=alone_b.payment,
        order=alone_b.order,
        provider_reference="dp_matrix_b",
        currency=alone_b.payment.currency,
        amount=alone_b.payment.amount,
    )
    webhook = WebhookEvent.objects.create(
        provider="stripe", event_id="evt_matrix", type="payment_intent.succeeded", payload={"id": "evt_matrix"}
    )
    commission_a = CommissionRule.objects.create(rate_percent=Decimal("10.00"), cooperative=cooperative_a)
    commission_b = CommissionRule.objects.create(rate_percent=Decimal("11.00"), cooperative=cooperative_b)

    document_a = ExportDocument(
        artisan_order=parcel_a,
        kind=DocumentKind.COMMERCIAL_INVOICE,
        version=1,
        status=DocumentStatus.READY,
        data={
            "issue_date": "2026-12-01",
            "currency": mixed.order.currency,
            "totals": {"total": str(mixed.order.total), "total_mad": str(mixed.order.total_mad)},
        },
        data_hash="0" * 64,
        sha256="1" * 64,
        size=14,
        generated_at=timezone.now(),
    )
    document_a.file.save("matrix-invoice.pdf", ContentFile(b"%PDF-1.4 test\n"), save=False)
    document_a.save()

    # The buyer's cart holds the other artisan's product.
    cart = carts.cart_get(user=users["buyer"], token=None, create=True)
    carts.cart_line_set(cart=cart, variant_id=other_product.variants.get().pk, quantity=1)

    group = Group.objects.create(name="Matrix editors")
    RefreshToken.for_user(users["other_buyer"]).blacklist()
    sign_in = {"user_agent": "matrix", "ip_address": "192.0.2.7", "username": "someone@example.com",
               "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip
    access_attempt = AccessAttempt.objects.create(**sign_in, get_data="", post_data="", failures_since_start=1)
    access_log = AccessLog.objects.create(**sign_in)
    access_failure = AccessFailureLog.objects.create(**sign_in, locked_out=False)
    pending_task = PendingTask.objects.create(task="marketplace.tasks.pending_tasks_sweep", args=[])

    rows = {
        "group": group,
        "access_attempt": access_attempt,
        "access_log": access_log,
        "access_failure": access_failure,
        "pending_task": pending_task,
        "artisan_user": artisan.user,
        "other_artisan_user": other_artisan.user,
        "cooperative_a": cooperative_a,
        "cooperative_b": cooperative_b,
        "artisan_profile": artisan,
        "other_artisan_profile": other_artisan,
        "pending_profile": pending,
        "suspended_profile": suspended,
        "pending_profile_b": pending_b,
        "product": product,
        "other_product": other_product,
        "draft": draft,
        "variant": product.variants.get(),
        "other_variant": other_product.variants.get(),
        "photo": photo,
        "mixed_order": mixed.order,
        "parcel_a": parcel_a,
        "parcel_b": parcel_b,
        "line_a": parcel_a.lines.get(),
        "payment_mixed": mixed.payment,
        "refund_a": refund_a,
        "refund_b": refund_b,
        "staff_refund": StaffRefund.objects.get(pk=refund_b.pk),
        "order_a": alone_a.order,
        "order_b": alone_b.order,
        "alone_parcel_a": alone_a.order.artisan_orders.get(),
        "alone_parcel_b": alone_b.order.artisan_orders.get(),
        "satisfaction_a": satisfaction_a,
        "return_a": return_a,
        "return_b": return_b,
        "returnable_order": returnable.order,
        "satisfaction_b": satisfaction_b,
        "payment_a": alone_a.payment,
        "payment_b": alone_b.payment,
        "batch": batch,
        "payout_a": payout_a,
        "payout_b": payout_b,
        "dispute_b": dispute_b,
        "webhook": webhook,
        "commission_a": commission_a,
        "commission_b": commission_b,
        "document_a": document_a,
        "ledger_account_a": LedgerAccount.objects.get(artisan=artisan),
        "ledger_account_b": LedgerAccount.objects.get(artisan=other_artisan),
        "ledger_transaction": LedgerTransaction.objects.order_by("pk").first(),
        "state_change": StateChange.objects.order_by("pk").first(),
        "saved_address": SavedAddress.objects.create(
            user=users["buyer"],
            name="Matrix Buyer",
            line1="1 rue du Test",
            city="Lyon",
            postal_code="69002",
            country="FR",
            phone="+33612345678",
        ),
    }
    return World(users=users, tokens=tokens, rows=rows)


def world_build_with_settings() -> World:
    with override_settings(**PAYOUT_SETTINGS):
        return world_build()

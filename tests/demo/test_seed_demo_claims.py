"""The seeded demo's damage claim: opened through the returns service on a
delivered Safi parcel, with two cleaned photos, waiting for a decision."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from returns.models import ReturnKind, ReturnRequest, ReturnStatus

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())


def test_the_demo_has_one_damage_claim_with_two_photos_waiting_for_safi():
    seed()
    seed()  # idempotent: still one claim

    claim = ReturnRequest.objects.get()
    assert (claim.kind, claim.status, claim.quantity) == (ReturnKind.DAMAGE, ReturnStatus.REQUESTED, 1)
    assert claim.artisan_order.artisan.cooperative.slug == "potiers-de-safi"
    photos = list(claim.photos.all())
    assert len(photos) == 2
    with photos[0].image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (photos[0].width, photos[0].height)

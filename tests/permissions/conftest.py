"""A cooperative with two admins, one of whom also sells in it: the four-eyes
rule's usual cast."""

import pytest
from django.contrib.messages import get_messages

from artisans.models import VerificationStatus
from tests.factories import ArtisanFactory, admin_of


@pytest.fixture
def selling_admin(cooperative, cooperative_admin):
    """The cooperative admin, with an artisan profile in their own cooperative."""
    return ArtisanFactory(
        user=cooperative_admin, cooperative=cooperative, verification_status=VerificationStatus.VERIFIED
    )


@pytest.fixture
def other_admin(db, cooperative):
    """A second admin of the same cooperative."""
    return admin_of(cooperative)


def admin_action(client, path, name, objects, **extra):
    """POST an admin changelist action; the answer's messages, as text."""
    response = client.post(path, {"action": name, "_selected_action": [obj.pk for obj in objects], "index": "0",
                                  **extra})  # fmt: skip
    return [str(message) for message in get_messages(response.wsgi_request)]

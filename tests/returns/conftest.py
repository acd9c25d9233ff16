from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def returns_settings(settings):
    """The defaults, written out: what the tests' figures assume (450 MAD a piece)."""
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.RETURNS_WINDOW_DAYS = 14
    settings.RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD = Decimal("500.00")
    settings.RETURNS_PHOTO_MAX_COUNT = 3

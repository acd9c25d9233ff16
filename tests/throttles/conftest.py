import pytest


@pytest.fixture
def rates(settings):
    """Set some throttle rates for one test. Tests count in days, so a run
    never straddles the end of a window (windows follow the clock)."""

    def set_rates(**scopes):
        settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **scopes}

    return set_rates

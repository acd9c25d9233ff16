"""The admin_security world: two cooperatives, an order across both, a refund, a payout."""

from tests.admin_security.conftest import world  # noqa: F401  (the fixture)

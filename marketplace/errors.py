"""Domain errors: raised by services, turned into the API's error shape by
marketplace.api.errors."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the request."""

    status_code = 400
    code = "domain_error"

    def __init__(self, message, *, fields=None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class IllegalTransition(DomainError):
    status_code = 409
    code = "illegal_transition"

    def __init__(self, *, current, target):
        """`current` and `target` are choices members (TextChoices), so the
        message names the states in the reader's language."""
        self.current = current
        self.target = target
        super().__init__(
            _("Not allowed: the current state is “%(current)s”, which cannot become “%(target)s”.")
            % {"current": getattr(current, "label", current), "target": getattr(target, "label", target)}
        )


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class NotAllowed(DomainError):
    """The actor may not do this (the API answers 403; the admin shows the message)."""

    status_code = 403
    code = "permission_denied"


class FourEyesRefused(NotAllowed):
    """The four-eyes rule: whoever verifies, approves, refunds (above
    REFUND_FOUR_EYES_ABOVE_MAD) or pays out is never the subject of the act.
    Another admin of the cooperative, or platform staff, does it."""

    code = "four_eyes"

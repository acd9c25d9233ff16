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

    def __init__(self, *, current, target, noun=None):
        self.current = current
        self.target = target
        super().__init__(
            _("Cannot move this %(noun)s from %(current)s to %(target)s.")
            % {"noun": noun or _("object"), "current": current, "target": target}
        )


class Conflict(DomainError):
    status_code = 409
    code = "conflict"

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from marketplace.history import AuditHistory, password_was_set


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """Everyone who signs in: buyers, artisans, cooperative admins, staff.
    The e-mail address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    preferred_currency = models.CharField(_("preferred currency"), max_length=3, blank=True)
    # When the owner of the address opened the signed link sent to it (marketplace.accounts).
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True, editable=False)
    # When the person deleted their account (accounts.services): the row stays, anonymised, for
    # the orders and ledger the law keeps; its orders still in progress are anonymised once done.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False, db_index=True)
    # Raised to end every session of the user at once (services.user_sessions_end).
    token_version = models.PositiveIntegerField(_("token version"), default=0, editable=False)

    objects = UserManager()
    # Admin rights and who granted them; of the password only that it changed.
    history = AuditHistory(
        excluded_fields=["password", "last_login", "token_version"],
        secret_fields={"password": password_was_set},
        m2m_fields=["groups", "user_permissions"],
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["id"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_token_stamp(self) -> str:
        """What every API token of this user carries (marketplace/api/authentication.py).
        It changes with the password, however it is set (API, admin, password
        reset, changepassword), and with token_version: a token carrying an
        older stamp is refused. Keyed like Django's session auth hash, so the
        token, which its holder can decode, says nothing about the password."""
        return salted_hmac(
            "marketplace.User.get_token_stamp", f"{self.token_version}:{self.password}", algorithm="sha256"
        ).hexdigest()[:32]


class ExchangeRate(models.Model):
    """How many units of `currency` one Moroccan dirham buys, from a moment on.
    The newest row whose effective time has passed is the rate in force."""

    currency = models.CharField(_("currency"), max_length=3)
    rate = models.DecimalField(_("units per MAD"), max_digits=18, decimal_places=8)
    effective_at = models.DateTimeField(_("effective from"), db_index=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-effective_at"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "effective_at"], name="exchange_rate_once_per_time"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self):
        return f"1 MAD = {self.rate} {self.currency} ({self.effective_at:%Y-%m-%d %H:%M})"


class IdempotencyRecord(models.Model):
    """A client's Idempotency-Key: the same key and body give the same result
    once; the same key with another body is refused. The unique key is what
    makes two concurrent retries wait for each other."""

    scope = models.CharField(_("scope"), max_length=80)
    key = models.CharField(_("key"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    resource_id = models.BigIntegerField(_("resource"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_once_per_scope")]

    def __str__(self):
        return f"{self.scope}:{self.key}"


class PendingTask(models.Model):
    """A Celery task the broker could not take when its transaction committed
    (marketplace.effects). It waits here until the sweep queues it; one row
    per task and arguments, however often it failed."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        constraints = [models.UniqueConstraint(fields=["task", "args"], name="pending_task_once")]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"

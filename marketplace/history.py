"""The audit trail: who changed what and when, on the rows that matter
(products, prices, verification states, orders, refunds, payouts, bank
details, admin users), kept by django-simple-history.

`AuditHistory` is simple-history's `HistoricalRecords` with three rules of
ours, so no secret ever reaches a history table:

- `excluded_fields` are not copied at all (password hashes, order access
  tokens), nor are columns that only copy other rows (stock totals, ratings);
  a save that writes nothing but excluded fields (a login's `last_login`)
  records nothing;
- `masked_fields` are copied masked (bank account numbers keep their last
  four characters), by the history column itself, so bulk history inserts
  are masked too;
- `secret_fields` are never stored, but a save that changes one records its
  name in `changed_secrets` ("password changed: yes").

Who: `HistoryRequestMiddleware` gives the request's user (admin or API);
a service that knows its actor says so with `history_actor`; a Celery task
records nobody.
"""

from collections.abc import Callable

from django.db import models
from django.db.models.signals import post_init
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

SNAPSHOT = "_history_secrets_loaded"


class AuditedHistoryBase(models.Model):
    """Columns every audited history table adds to simple-history's own."""

    changed_secrets = models.CharField(_("secrets changed"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True


class MaskedHistoryField(models.CharField):
    """A history column that stores only the masked form of what it is given,
    whichever way the row is inserted (save or bulk_create)."""

    def __init__(self, *args, mask: Callable[[str], str] | None = None, **kwargs):
        self.mask = mask
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Migrations see a plain CharField: the mask is code, not schema.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        masked = self.mask(value) if self.mask and value else value
        setattr(model_instance, self.attname, masked)
        return masked


class _OneClassHistoryDescriptor(HistoryDescriptor):
    """simple_history's `Model.history` builds a new manager class on every
    access (`Manager.from_queryset`, which walks the queryset class with
    inspect.getmembers): about 0.4 ms, twice a checkout (the order's history
    row, the artisan orders' bulk insert). The class is built once here; each
    access still gets its own manager for its instance."""

    def __init__(self, descriptor: HistoryDescriptor):
        super().__init__(descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class)
        self._manager_of_queryset = None

    def __get__(self, instance, owner):
        if self._manager_of_queryset is None:
            self._manager_of_queryset = self.manager_class.from_queryset(self.queryset_class)
        return self._manager_of_queryset(self.model, instance)


class AuditHistory(HistoricalRecords):
    def __init__(self, *, masked_fields=None, secret_fields=None, **kwargs):
        """`masked_fields`: name → mask function. `secret_fields`: name →
        function(instance) telling whether this save changed it, or None to
        compare with the value the instance was loaded with."""
        self.masked_fields = dict(masked_fields or {})
        self.secret_fields = dict(secret_fields or {})
        kwargs.setdefault("bases", [AuditedHistoryBase])
        # Reasons are whole sentences (a rejection, a failed transfer), not 100 characters.
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, mask in self.masked_fields.items():
            field = fields[name]
            fields[name] = MaskedHistoryField(
                field.verbose_name, max_length=field.max_length, blank=True, default="", mask=mask
            )
        return fields

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name) if sender is self.cls else None
        if type(descriptor) is HistoryDescriptor:
            setattr(sender, self.manager_name, _OneClassHistoryDescriptor(descriptor))
        if sender is not self.cls or not self.secret_fields:
            return
        history_model = getattr(sender, self.manager_name).model
        pre_create_historical_record.connect(self._note_secrets, sender=history_model, weak=False)
        if None in self.secret_fields.values():
            post_init.connect(self._snapshot_secrets, sender=sender, weak=False)

    def _compared(self):
        return [name for name, changed in self.secret_fields.items() if changed is None]

    def _snapshot_secrets(self, sender, instance, **kwargs):
        # Deferred fields are not in __dict__: reading them would cost a query.
        setattr(instance, SNAPSHOT, {name: instance.__dict__.get(name) for name in self._compared()})

    def _secrets_changed(self, instance) -> list[str]:
        loaded = getattr(instance, SNAPSHOT, {})
        changed = []
        for name, was_changed in self.secret_fields.items():
            if was_changed is not None:
                if was_changed(instance):
                    changed.append(name)
            elif name in loaded and loaded[name] is not None and loaded[name] != getattr(instance, name):
                changed.append(name)
        return changed

    def _note_secrets(self, sender, instance, history_instance, **kwargs):
        if history_instance.history_type == "~":
            history_instance.changed_secrets = ",".join(self._secrets_changed(instance))
        if self._compared():
            self._snapshot_secrets(sender, instance)  # the next save compares with this one

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            not created
            and update_fields
            and set(update_fields) <= set(self.excluded_fields)
            and not self._secrets_changed(instance)
        ):
            return  # nothing the trail keeps was written
        super().post_save(instance, created, using=using, **kwargs)


def history_actor(instance, actor, reason: str = ""):
    """Tell the trail who makes the next save of `instance`, and why. With no
    actor (a task, the system) the request's user, if any, is kept."""
    if actor is not None:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason
    return instance


def password_was_set(user) -> bool:
    """`set_password` keeps the raw password until the save: a hash upgraded at
    login (no new password) is not a change."""
    return getattr(user, "_password", None) is not None

"""A client's Idempotency-Key, the one mechanism of every POST that moves
money or stock (checkout, cancel, refunds, returns): the same key with the
same body gives the result of the first request, once; the same key with
another body is refused (409 idempotency_key_reused).

The service that does the work claims the key first thing inside its own
durable transaction (`idempotency_key_claim`) and records what it made
before committing (`idempotency_key_resolve`): the key and the effect commit
or roll back together, and a concurrent retry with the same key waits on the
unique index until the first commits, then replays it. A failed request
leaves no key behind, so its retry runs again."""

import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import plain_sql
from marketplace.errors import Conflict
from marketplace.models import IdempotencyRecord

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY_MIN_LENGTH, KEY_MAX_LENGTH = 8, 255


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


@dataclass
class IdempotencyKey:
    scope: str  # who and what the key is for ("refund:parcel:12"): keys of different scopes never meet
    key: str
    fingerprint: str  # request_fingerprint of the body
    replayed: bool = False  # set by the claim: the key had already made its resource

    def scoped(self, scope: str) -> "IdempotencyKey":
        """Narrowed by the service, which knows what the key is for better than
        the view; the same object, so the view sees `replayed` afterwards."""
        self.scope = scope
        return self


def request_fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def idempotency_key_claim(claim: IdempotencyKey) -> int | None:
    """Insert the key and answer None, or answer the resource that holds it.
    Call inside the service's transaction. Plain SQL (marketplace.plain_sql):
    ON CONFLICT DO NOTHING is one statement, where the ORM's insert needed a
    savepoint around it to survive the conflict."""
    records = IdempotencyRecord._meta.db_table
    inserted = plain_sql.execute(
        f"INSERT INTO {records} (scope, key, request_hash, created_at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (scope, key) DO NOTHING",
        [claim.scope, claim.key, claim.fingerprint, plain_sql.stored(IdempotencyRecord, "created_at", timezone.now())],
    )
    if inserted:
        return None
    record = IdempotencyRecord.objects.get(scope=claim.scope, key=claim.key)
    if record.request_hash != claim.fingerprint:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used with a different request."),
            fields={"idempotency_key": [_("Already used for another request.")]},
        )
    claim.replayed = record.resource_id is not None
    return record.resource_id


def idempotency_key_replay(claim: IdempotencyKey) -> int | None:
    """Read only: the resource the key already made (None: not yet), or
    IdempotencyKeyReused. For a flow whose key is claimed only in its last
    transaction, after a provider call (payments.services.payment_start)."""
    record = IdempotencyRecord.objects.filter(scope=claim.scope, key=claim.key).first()
    if record is None:
        return None
    if record.request_hash != claim.fingerprint:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used with a different request."),
            fields={"idempotency_key": [_("Already used for another request.")]},
        )
    claim.replayed = record.resource_id is not None
    return record.resource_id


def idempotency_key_resolve(claim: IdempotencyKey, resource_id: int) -> None:
    """What the claimed key made, in the same transaction as the claim."""
    plain_sql.execute(
        f"UPDATE {IdempotencyRecord._meta.db_table} SET resource_id = %s WHERE scope = %s AND key = %s",
        [resource_id, claim.scope, claim.key],
    )

"""CMI's `ver3` hash over a hosted-page form or a callback (3D Pay Hosting,
on the EST/Nestpay gateway).

1. every field sent except `HASH` and `encoding` (names compared case-insensitively);
2. sorted by name, case-insensitively, in natural order (PHP's natcasesort,
   which the published integrations use: digits inside a name sort as numbers);
3. each value trimmed, `\\` escaped as `\\\\`, then `|` as `\\|`;
4. the values joined with `|`, then `|` and the store key, escaped the same way;
5. SHA-512 of that UTF-8 text, the raw digest in Base64.

The callback carries its own HASH computed the same way over every field CMI
posts back: `hash_valid` recomputes it and compares in constant time.
Pure functions: the emulator in devtools/ signs with them too.
"""

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping

# Names left out of the hashed text, compared in lower case.
UNHASHED = frozenset({"hash", "encoding"})

_DIGITS = re.compile(r"(\d+)")


def _natural_key(name: str) -> list:
    """natcasesort's order: case-insensitive, runs of digits compared as numbers."""
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(name.lower())]


def escape(value: str) -> str:
    return str(value).strip().replace("\\", "\\\\").replace("|", "\\|")


def hash_plaintext(fields: Mapping[str, str], store_key: str) -> str:
    """The text that is hashed (shown for debugging a refused callback; it holds the store key)."""
    names = sorted((name for name in fields if name.lower() not in UNHASHED), key=_natural_key)
    return "|".join([*(escape(fields[name]) for name in names), escape(store_key)])


def hash_compute(fields: Mapping[str, str], store_key: str) -> str:
    digest = hashlib.sha512(hash_plaintext(fields, store_key).encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")


def hash_of(fields: Mapping[str, str]) -> str:
    """The HASH a form or callback carries, whatever the case of its name."""
    return next((str(value) for name, value in fields.items() if name.lower() == "hash"), "")


def hash_valid(fields: Mapping[str, str], store_key: str) -> bool:
    """Does the HASH in `fields` match the others, signed with `store_key`?"""
    received = hash_of(fields)
    if not received or not store_key:
        return False
    return hmac.compare_digest(received.encode("ascii", "replace"), hash_compute(fields, store_key).encode("ascii"))

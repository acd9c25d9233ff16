"""What a request body under /api/ and /webhooks/ may be, judged before any
view reads it, and the client's mistakes Django raises while reading one.

A body that breaks a limit is the client's fault: it answers 4xx in the
error shape and is logged at INFO, never as a server error.

- Content-Length: a number, at most DATA_UPLOAD_MAX_MEMORY_SIZE, or for a
  multipart form PHOTO_MAX_UPLOAD_BYTES plus room for the form around the
  photo (413 before a byte is read).
- JSON: arrays and objects nested at most JSON_MAX_DEPTH deep (400), checked
  on the raw bytes: Python's json module would recurse once per level.
- URL-encoded forms: at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields (400).
- Multipart forms are judged while DRF parses them (marketplace/api/parsers.py):
  Django's parser counts fields and files and sizes the fields as it goes.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from marketplace import images

logger = logging.getLogger("souk.api")

# Far deeper than any body the API takes.
JSON_MAX_DEPTH = 64
# A photo upload's form around its file: boundaries, headers, alt texts.
MULTIPART_ENVELOPE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str


def too_large() -> Refusal:
    return Refusal(413, "request_too_large", _("The request body is too large."))


def too_many_fields() -> Refusal:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return Refusal(400, "too_many_fields", _("Too many form fields: at most %(count)d.") % {"count": limit})


def too_many_files() -> Refusal:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return Refusal(400, "too_many_files", _("Too many files: at most %(count)d.") % {"count": limit})


def too_deeply_nested() -> Refusal:
    return Refusal(
        400,
        "too_deeply_nested",
        _("The JSON body is nested too deeply: at most %(depth)d levels.") % {"depth": JSON_MAX_DEPTH},
    )


def bad_request() -> Refusal:
    return Refusal(400, "bad_request", _("This request could not be read."))


def max_body_bytes(content_type: str) -> int | None:
    """None: no limit (DATA_UPLOAD_MAX_MEMORY_SIZE = None, as Django allows)."""
    if content_type == "multipart/form-data":
        return images.max_upload_bytes() + MULTIPART_ENVELOPE_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _nesting_pattern(limit: int) -> re.Pattern:
    """Matches a JSON skeleton (strings and brackets only) nested at most
    `limit` deep: a fixed depth makes it a regular language, matched in one
    pass in C. Possessive: nothing is ever tried twice."""
    level = rb'(?:"[^"]*+")*+'
    for _depth in range(limit):
        level = rb'(?:"[^"]*+"|\[' + level + rb"\])*+"
    return re.compile(level)


_DIGITS = re.compile(r"[0-9]+")
_WITHIN_LIMIT = _nesting_pattern(JSON_MAX_DEPTH)
_BRACES_AS_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_SKELETON = bytes(byte for byte in range(256) if byte not in b'[]{}"')


def json_nesting_exceeds(body: bytes) -> bool:
    """Whether arrays and objects in `body` nest deeper than JSON_MAX_DEPTH,
    known without parsing it: its skeleton (escapes dropped, then everything
    but quotes and brackets) must match _WITHIN_LIMIT. About 0.1 s per MiB at
    worst, less than json.loads takes on the same bytes. Malformed JSON may
    be refused here rather than by the parser: a 400 either way."""
    if body.count(b"[") + body.count(b"{") <= JSON_MAX_DEPTH:
        return False
    # Pairs of backslashes first: in \\" the quote ends the string.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = unescaped.translate(_BRACES_AS_BRACKETS, _NOT_SKELETON)
    return _WITHIN_LIMIT.fullmatch(skeleton) is None


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def request_refusal(request) -> Refusal | None:
    """The first limit the request's body breaks, or None. Reads the body
    (Django keeps it for the view) only when it is JSON or a URL-encoded form
    of an allowed size."""
    raw_length = request.META.get("CONTENT_LENGTH") or "0"
    if not _DIGITS.fullmatch(raw_length):
        return bad_request()  # Django would read it as 0, a view's int() would fail
    length = int(raw_length)
    if not length:
        return None
    content_type = request.content_type or ""
    limit = max_body_bytes(content_type)
    if limit is not None and length > limit:
        return too_large()
    try:
        if _is_json(content_type) and json_nesting_exceeds(request.body):
            return too_deeply_nested()
        if content_type == "application/x-www-form-urlencoded":
            QueryDict(request.body, encoding=request.encoding)  # raises TooManyFieldsSent
    except (SuspiciousOperation, UnreadablePostError) as error:
        return refusal_for_exception(error)
    return None


def refusal_for_exception(error: BaseException) -> Refusal | None:
    """The answer to an exception Django raises for a bad request (as Django's
    own handler answers them 400), or None for a server error."""
    if isinstance(error, RequestDataTooBig):
        return too_large()
    if isinstance(error, TooManyFieldsSent):
        return too_many_fields()
    if isinstance(error, TooManyFilesSent):
        return too_many_files()
    if isinstance(error, (SuspiciousOperation, BadRequest, MultiPartParserError, UnreadablePostError)):
        return bad_request()
    return None


def log_refusal(request, refusal: Refusal) -> None:
    logger.info("Refused %s %s: %d %s", request.method, request.path, refusal.status, refusal.code)

"""DRF's parsers, answering the client's mistakes as 4xx in the error shape.

Django's multipart parser raises TooManyFieldsSent, TooManyFilesSent and
RequestDataTooBig (SuspiciousOperation, not the MultiPartParserError DRF
catches), the form parser TooManyFieldsSent, and Python's json module a
RecursionError on deep nesting: all would otherwise be a logged 500.
The limits themselves are marketplace/api/limits.py.
"""

from django.core.exceptions import SuspiciousOperation
from rest_framework import exceptions, parsers

from marketplace.api import limits


class RequestRefused(exceptions.APIException):
    def __init__(self, refusal: limits.Refusal):
        self.status_code = refusal.status
        super().__init__(detail=refusal.message, code=refusal.code)


class _Refusing:
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as error:
            raise RequestRefused(limits.refusal_for_exception(error)) from error
        except RecursionError as error:
            raise RequestRefused(limits.too_deeply_nested()) from error


class JSONParser(_Refusing, parsers.JSONParser):
    pass


class FormParser(_Refusing, parsers.FormParser):
    pass


class MultiPartParser(_Refusing, parsers.MultiPartParser):
    pass

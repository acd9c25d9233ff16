"""Where files live: the public media storage and the private one.

| storage                 | holds                                       | a client gets                          |
|-------------------------|---------------------------------------------|----------------------------------------|
| `default` (public)      | product photos and renditions, portraits    | a plain URL, cached for a year         |
| `private`               | export documents (orders/paperwork)         | nothing but what a checked view gives  |

Both are set in `settings.STORAGES` (config/storages.py; the S3 class is
marketplace/storage_s3.py, imported only where it is configured). Without S3 settings
the public one is MEDIA_ROOT under MEDIA_URL, and the private one a folder
that no URL serves (PRIVATE_MEDIA_ROOT). With them, two buckets: a public one
and a private one whose objects are read only through short-lived signed URLs.

A permission-checked view hands a private file out with
`private_file_response`: streamed from a local folder, or a redirect to a
signed URL that stops working after PRIVATE_URL_SECONDS.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on this server's disk that no URL serves: PRIVATE_MEDIA_ROOT
    (never inside MEDIA_ROOT), read only by the views that check who asks."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # There is none: a URL printed anywhere (the admin, an e-mail) would be
        # a path to guess or to leak. Link to the permission-checked view instead.
        raise ValueError(f"Private files have no URL; serve {name!r} through a permission-checked view.")


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used (and again after a
    test changes STORAGES), so a model field can name it at import time."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_reset(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """For `FileField(storage=private_storage)`: a callable, so the migration
    names this function rather than whichever storage a machine configures."""
    return _private_storage


def private_file_response(field_file, *, filename: str, content_type: str) -> HttpResponse:
    """Hand out a private file to a caller already checked: a redirect to a
    signed URL that expires (object storage), or the file streamed (a local
    folder). Either way nothing may cache the answer."""
    storage = field_file.storage
    if isinstance(storage, FileSystemStorage):
        response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    else:
        disposition = content_disposition_header(as_attachment=True, filename=filename)
        url = storage.url(
            field_file.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        )
        response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response

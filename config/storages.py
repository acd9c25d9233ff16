"""settings.STORAGES for media: the public storage ("default") and the
private one ("private"), on this machine's disk or in two S3 buckets
(marketplace/storage.py says what goes where). A plain module, so the tests
build the S3 shape for their local S3 server the way settings.py does."""

# Photo and rendition file names are new for every upload (a UUID, then
# "-320.webp" and so on), so a URL always names the same bytes: browsers and
# CDNs may keep them for a year without asking again.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
# A signed URL is for one person, once: no shared cache keeps the document.
PRIVATE_CACHE_CONTROL = "private, no-store"


def local_storages() -> dict:
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # PRIVATE_MEDIA_ROOT, served by no URL.
        "private": {"BACKEND": "marketplace.storage.PrivateFileSystemStorage"},
    }


def s3_storages(
    *,
    public_bucket: str,
    private_bucket: str,
    endpoint_url: str = "",
    client_endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    addressing_style: str = "",
    public_acl: str = "",
    private_url_seconds: int = 300,
) -> dict:
    """Empty strings mean the provider's defaults (AWS's endpoint, boto3's
    credential chain such as an instance role, the bucket's own region)."""
    connection = {
        "endpoint_url": endpoint_url or None,
        "client_endpoint_url": client_endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "addressing_style": addressing_style or None,
        "signature_version": "s3v4",
        # Uploads keep their generated names; never a second name for one file.
        "file_overwrite": True,
    }
    return {
        "default": {
            "BACKEND": "marketplace.storage_s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": public_bucket,
                # Plain URLs: the bucket lets anyone read (a bucket policy, README),
                # or, where a provider wants it, each object's ACL says so.
                "querystring_auth": False,
                "default_acl": public_acl or None,
                "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
            },
        },
        "private": {
            "BACKEND": "marketplace.storage_s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": private_url_seconds,
                "object_parameters": {"CacheControl": PRIVATE_CACHE_CONTROL},
            },
        },
    }

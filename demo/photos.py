"""The demo's photo pool: every drawing (demo.drawings) drawn once and
passed through the real upload pipeline (marketplace.images cleans them,
catalog.photos makes the 320/800/1600 WebP and JPEG renditions) into
default_storage under POOL_DIR. Every demo product gets ProductPhoto *rows*
pointing at pool files: 10,000 products cost 10,000 rows, not 70,000 files."""

import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from catalog import photos as photo_pipeline
from catalog.models import ProductPhoto
from demo.drawings import POOL, pool_picture
from demo.makers import LANGUAGES
from marketplace import images

POOL_DIR = "products/demo-pool"
POOL_VERSION = 1


def photo_pixels() -> int:
    """Side of the drawn originals, in pixels (the 1600 rendition is this
    size: never upscaled). Tests may set SEED_DEMO_PHOTO_PIXELS lower."""
    return getattr(settings, "SEED_DEMO_PHOTO_PIXELS", 1000)


@dataclass(frozen=True)
class PoolPhoto:
    original: str
    width: int
    height: int
    renditions: dict

    @property
    def thumbnail(self) -> str:
        return self.renditions[photo_pipeline.THUMBNAIL_SIZE][photo_pipeline.THUMBNAIL_FORMAT]


# Pool pictures already made in this process, by (key, size): the photo and
# its files' bytes by storage path.
# Seeding again into an empty storage (a test's temporary MEDIA_ROOT) copies
# them instead of drawing and encoding again.
_made: dict[tuple[str, int], tuple[PoolPhoto, dict[str, bytes]]] = {}


def _manifest_name(size: int) -> str:
    return f"{POOL_DIR}/v{POOL_VERSION}-{size}/manifest.json"


def _files_of(photo: PoolPhoto) -> list[str]:
    return [photo.original, *(path for formats in photo.renditions.values() for path in formats.values())]


def _pool_photo_make(key: str, size: int) -> tuple[PoolPhoto, dict[str, bytes]]:
    """Draw one picture and put it through the upload pipeline: cleaned like an
    upload, stored, then resized into every rendition by the real code."""
    buffer = io.BytesIO()
    pool_picture(key, size).save(buffer, format="JPEG", quality=92)
    clean = images.photo_clean(ContentFile(buffer.getvalue(), name=f"{key}.jpg"))
    name = f"{POOL_DIR}/v{POOL_VERSION}-{size}/{key}.{images.ALLOWED_FORMATS[clean.format]}"
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, clean.content)
    unsaved = ProductPhoto(original=stored, width=clean.width, height=clean.height)
    renditions = photo_pipeline._renditions_write(unsaved)  # the task's own resizing, without a photo row
    photo = PoolPhoto(original=stored, width=clean.width, height=clean.height, renditions=renditions)
    files = {}
    for path in _files_of(photo):
        with default_storage.open(path, "rb") as handle:
            files[path] = handle.read()
    return photo, files


def _pool_photo_restore(key: str, size: int) -> PoolPhoto:
    made = _made.get((key, size))
    if made is None:
        made = _made[(key, size)] = _pool_photo_make(key, size)
        return made[0]
    photo, files = made
    for path, data in files.items():
        if not default_storage.exists(path):
            saved = default_storage.save(path, ContentFile(data))
            if saved != path:  # the storage renamed it: start this picture again
                _made.pop((key, size))
                return _pool_photo_restore(key, size)
    return photo


def photo_pool(progress=None) -> dict[str, PoolPhoto]:
    """Every pool picture, made only if one of its files is missing from
    storage (first run, new MEDIA_ROOT, or a file deleted since)."""
    size = photo_pixels()
    manifest_name = _manifest_name(size)
    pool = {}
    if default_storage.exists(manifest_name):
        with default_storage.open(manifest_name, "rb") as handle:
            pool = {key: PoolPhoto(**entry) for key, entry in json.load(handle).items() if key in POOL}
    missing = [key for key in POOL if key not in pool or not all(map(default_storage.exists, _files_of(pool[key])))]
    if missing:
        with ThreadPoolExecutor(max_workers=4) as executor:  # Pillow encodes outside the GIL
            made = executor.map(lambda key: _pool_photo_restore(key, size), missing)
            for key, photo in zip(missing, made, strict=True):
                pool[key] = photo
                if progress is not None:
                    progress.update(1)
        data = {key: asdict(photo) for key, photo in pool.items()}
        if default_storage.exists(manifest_name):
            default_storage.delete(manifest_name)
        default_storage.save(manifest_name, ContentFile(json.dumps(data, indent=1, sort_keys=True).encode()))
    elif progress is not None:
        progress.update(len(POOL))
    return pool


def product_photo_rows(product_id: int, titles: dict, photos: list[PoolPhoto]) -> list[ProductPhoto]:
    return [
        ProductPhoto(
            product_id=product_id,
            original=photo.original,
            width=photo.width,
            height=photo.height,
            renditions=photo.renditions,
            position=position,
            alt_text=titles["en"],
            **{f"alt_text_{language}": titles[language] for language in LANGUAGES},
        )
        for position, photo in enumerate(photos)
    ]

"""The demo catalog behind `manage.py seed_demo`, in three parts:

- photos (demo.drawings, demo.photos): pictures drawn with Pillow, passed
  once through the real upload pipeline into a pool that every demo product
  points at;
- the showcase (demo.showcase): hand-written products, through
  catalog.services like an artisan's;
- generated products (demo.generator): `--products N` realistic products,
  each a pure function of its number, written in bulk.

Both kinds are keyed by slug, so seeding again adds only what is missing.
"""

from demo.drawings import POOL
from demo.generator import generated_seed
from demo.photos import photo_pool
from demo.showcase import showcase_seed
from marketplace import cache_version


def seed(*, reviewer, products: int = 0, progress_factory) -> dict:
    """The demo catalog: photo pool, showcase, then `products` generated ones.
    `progress_factory(total=..., desc=..., unit=...)` makes a progress bar (tqdm)."""
    with progress_factory(total=len(POOL), desc="Photos", unit="photo") as progress:
        pool = photo_pool(progress)
    showcase_added = showcase_seed(reviewer=reviewer, pool=pool)
    generated_added = 0
    if products:
        generated_added = generated_seed(
            products,
            pool=pool,
            progress_factory=lambda total: progress_factory(total=total, desc="Products", unit="product"),
        )
    if showcase_added or generated_added:
        cache_version.bump()
    return {"showcase_added": showcase_added, "generated_added": generated_added}

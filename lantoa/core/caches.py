"""Cache backends for the project's settings."""

import random

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    """Django's file cache, culling on one write in CULL_EVERY instead of on every write.

    Django decides whether to cull by listing the whole cache folder on every write: 1.4 ms a
    write at 1,000 entries, 25 ms at 10,000, which every page the public site stores would pay
    once the cache holds that many pages. The folder may now briefly hold up to about
    CULL_EVERY entries more than MAX_ENTRIES.
    """

    CULL_EVERY = 100

    def _cull(self):
        if random.randrange(self.CULL_EVERY) == 0:  # noqa: S311 (not a secret)
            super()._cull()

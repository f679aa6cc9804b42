"""The cache of an installation without Redis: Django's file cache, with counters that several processes share.

The rate limits count with ``add`` then ``incr``. Django's file cache does both as read-then-write, so two gunicorn
workers counting at once could lose a request. Here both hold an exclusive lock on one file of the cache
directory, which makes them atomic across the processes of one machine (the embedded setup: SQLite, no server).
With ``SANJI_CACHE_URL`` set, Redis is the cache instead and counts with its own atomic INCR.
"""

from contextlib import contextmanager
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


class LockedFileBasedCache(FileBasedCache):
    @contextmanager
    def _locked(self):
        Path(self._dir).mkdir(parents=True, exist_ok=True)
        with open(Path(self._dir) / "counters.lock", "a+b") as handle:
            locks.lock(handle, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(handle)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)

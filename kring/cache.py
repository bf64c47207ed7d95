"""The cache on Redis, failing soft: with Redis down or hanging, pages keep working.

Django's RedisCache raises on every call while Redis is unreachable, and the cache sits under every request (sessions
are cached_db, allauth keeps its rate limits and used TOTP codes there). This backend turns connection errors and
timeouts into the answers of an empty cache instead:

- sessions: a miss, so Django reads them from the database (their source of truth); writes go to the database only;
- everything else (rate limits, used TOTP codes): a small memory cache of this process for the duration of the
  outage, so brute-force limits and replay protection stay in force per process instead of switching off.

The first failure is logged once (a warning), and recovery once (info). After a failure Redis is left alone for
OPNIEUW_PROBEREN_NA seconds: a hanging server costs one short socket timeout per process, not one per call.

Keys written or deleted during the outage are remembered and deleted from Redis when it answers again, before
anything else: otherwise a session logged out during the outage would come back from Redis with its old contents.
"""

import logging
import threading
import time

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSIE_PREFIX
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

import redis

logger = logging.getLogger(__name__)

# What "Redis is not there" looks like: refused, reset, hanging (socket timeout), loading its data after a restart.
STORINGEN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

OPNIEUW_PROBEREN_NA = 5.0  # seconds
SOCKET_TIMEOUT = 0.5  # seconds; a healthy Redis on the same network answers in well under a millisecond


class _Storing:
    """The outage of one Redis server as this process sees it. Shared by the cache objects of all threads (Django
    makes one per thread), so a process logs an outage once and cleans up every key its threads wrote."""

    def __init__(self, server: str):
        self.slot = threading.Lock()
        self.actief = False
        self.weg_tot = 0.0  # time.monotonic() before which Redis is not asked
        self.vuil: set[str] = set()  # Redis keys (made) written or deleted while Redis was unreachable
        self.nood = LocMemCache(f"kring-noodcache-{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


_STORINGEN_PER_SERVER: dict[str, _Storing] = {}
_REGISTER_SLOT = threading.Lock()


def _storing_van(server: str) -> _Storing:
    with _REGISTER_SLOT:
        return _STORINGEN_PER_SERVER.setdefault(server, _Storing(server))


class _EenKlantPerPool(RedisCacheClient):
    """Django builds a new redis.Redis object for every cache call; building one (its table of reply handlers) took
    longer than the round trip to Redis. One object per connection pool is enough: it is safe to share."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._klanten = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        klant = self._klanten.get(index)
        if klant is None:
            klant = self._klanten[index] = self._client(connection_pool=self._get_connection_pool(index))
        return klant


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        opties = {"socket_connect_timeout": SOCKET_TIMEOUT, "socket_timeout": SOCKET_TIMEOUT}
        super().__init__(server, {**params, "OPTIONS": {**opties, **params.get("OPTIONS", {})}})
        self._class = _EenKlantPerPool
        self._storing = _storing_van(",".join(self._servers))
        self._nood = self._storing.nood
        self._niets = DummyCache("kring-geen-cache", {})

    # --- the state of the connection ---------------------------------------------------------------------------------

    def _bereikbaar(self) -> bool:
        """Redis may be asked: no outage, or the pause after the last failure is over and the keys written
        meanwhile are deleted from it (which also proves it answers again)."""
        storing = self._storing
        if not storing.actief:
            return True
        if time.monotonic() < storing.weg_tot:
            return False
        with storing.slot:
            vuil = list(storing.vuil)
        try:
            if vuil:
                self._cache.delete_many(vuil)
            else:
                self.ping()
        except STORINGEN as fout:
            self._mislukt(fout)
            return False
        with storing.slot:
            storing.vuil.difference_update(vuil)
            if storing.vuil or not storing.actief:
                return True  # more written meanwhile (the next call deletes those first), or another thread was first
            storing.actief = False
        storing.nood.clear()
        logger.info("Redis (cache) is weer bereikbaar; %d sleutel(s) uit de storing verwijderd.", len(vuil))
        return True

    def _mislukt(self, fout: Exception) -> None:
        storing = self._storing
        with storing.slot:
            eerste = not storing.actief
            storing.actief = True
            storing.weg_tot = time.monotonic() + OPNIEUW_PROBEREN_NA
        if eerste:
            logger.warning(
                "Redis (cache) is niet bereikbaar (%s): sessies komen uit de database, rate limits uit het geheugen "
                "van dit proces, tot Redis weer antwoordt.",
                fout,
            )

    def _vervanger(self, key) -> DummyCache | LocMemCache:
        return self._niets if str(key).startswith(SESSIE_PREFIX) else self._nood

    def _onthoud(self, keys, version) -> None:
        with self._storing.slot:
            self._storing.vuil.update(self.make_key(key, version=version) for key in keys)

    def _eerst_redis(self, methode: str, *args, schrijft=(), version=None, **kwargs):
        """Call `methode` on Redis; while it is unreachable, on the stand-in for the (first) key."""
        if self._bereikbaar():
            try:
                return getattr(super(), methode)(*args, version=version, **kwargs)
            except STORINGEN as fout:
                self._mislukt(fout)
        if schrijft:
            self._onthoud(schrijft, version)
        return getattr(self._vervanger(args[0]), methode)(*args, version=version, **kwargs)

    def _seconden(self, timeout):
        # Resolved here, so the stand-in keeps this cache's TIMEOUT instead of its own default.
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    def ping(self) -> bool:
        """Whether Redis itself answers, past the stand-in (for /health/): raises its error when it does not."""
        return self._cache.get_client(None, write=True).ping()

    # --- the cache API -----------------------------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._eerst_redis("add", key, value, self._seconden(timeout), schrijft=[key], version=version)

    def get(self, key, default=None, version=None):
        return self._eerst_redis("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._eerst_redis("set", key, value, self._seconden(timeout), schrijft=[key], version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._eerst_redis("touch", key, self._seconden(timeout), schrijft=[key], version=version)

    def delete(self, key, version=None):
        return self._eerst_redis("delete", key, schrijft=[key], version=version)

    def has_key(self, key, version=None):
        return self._eerst_redis("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._eerst_redis("incr", key, delta, schrijft=[key], version=version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        if self._bereikbaar():
            try:
                return super().get_many(keys, version=version)
            except STORINGEN as fout:
                self._mislukt(fout)
        return {key: waarde for key in keys if (waarde := self._vervanger(key).get(key, version=version)) is not None}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._seconden(timeout)
        if self._bereikbaar():
            try:
                return super().set_many(data, timeout, version=version)
            except STORINGEN as fout:
                self._mislukt(fout)
        self._onthoud(data, version)
        for key, value in data.items():
            self._vervanger(key).set(key, value, timeout, version=version)
        return []

    def delete_many(self, keys, version=None):
        keys = list(keys)
        if self._bereikbaar():
            try:
                return super().delete_many(keys, version=version)
            except STORINGEN as fout:
                self._mislukt(fout)
        self._onthoud(keys, version)
        for key in keys:
            self._vervanger(key).delete(key, version=version)

    def clear(self):
        self._nood.clear()
        if self._bereikbaar():
            try:
                return super().clear()
            except STORINGEN as fout:
                self._mislukt(fout)
        return False

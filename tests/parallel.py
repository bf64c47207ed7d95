"""Loaded by pytest before Django's settings (`-p tests.parallel` in pyproject's addopts).

Under pytest-xdist (`make test PYTEST_ARGS="-n 2"`, as .ci/run does) every worker gets its own test database from
pytest-django; this gives each its own Redis database too, so one worker's cache.clear() or Celery queue never reaches
another's tests: gw0 keeps REDIS_URL's database, gw1 the one below it, and so on."""

import os
from urllib.parse import urlsplit, urlunsplit

_werker = os.environ.get("PYTEST_XDIST_WORKER", "")
_redis = os.environ.get("REDIS_URL", "")
if _werker.startswith("gw") and _redis:
    _adres = urlsplit(_redis)
    _basis = int(_adres.path.strip("/") or 0)
    _eigen = _basis - int(_werker.removeprefix("gw"))
    if _eigen < 0:
        raise RuntimeError(f"REDIS_URL {_redis}: te weinig Redis-databases onder {_basis} voor werker {_werker}.")
    os.environ["REDIS_URL"] = urlunsplit(_adres._replace(path=f"/{_eigen}"))

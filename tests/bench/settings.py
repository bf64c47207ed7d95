"""The production settings plus the baseline page of `make bench` (tests/bench/urls.py). Nothing else differs."""

from kring.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"

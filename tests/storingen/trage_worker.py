"""`python -m tests.storingen.trage_worker -A kring worker ...`: a Celery worker whose report rendering is slow.

Before each PDF it writes a file `<TRAAG_MAP>/<pid>-<n>` (which pool process started rendering, the how-manieth time)
and sleeps TRAAG_SECONDEN, so a test knows exactly which process to kill, and kills it while the report is being
made, never just before or after. The pool processes are forked from this one and inherit the patch."""

import os
import sys
import time
from itertools import count
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
django.setup()

from celery.__main__ import main  # noqa: E402 (after django.setup: the services import models)

from kring.services import rapporten  # noqa: E402

_echt = rapporten.render_to_pdf
_teller = count(1)


def _traag_render_to_pdf(template, context):
    Path(os.environ["TRAAG_MAP"], f"{os.getpid()}-{next(_teller)}").touch()
    time.sleep(float(os.environ.get("TRAAG_SECONDEN", "5")))
    return _echt(template, context)


rapporten.render_to_pdf = _traag_render_to_pdf

if __name__ == "__main__":
    sys.argv[0] = "celery"
    sys.exit(main())

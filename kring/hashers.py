"""How passwords are stored."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended minimum for it (Password Storage Cheat Sheet: 19 MiB of memory, 2 passes, 1
    lane) instead of Django's 100 MiB and 8 lanes. Django's lanes run as threads, so on a 2-core host every login took
    both cores for a tenth of a second and stalled every page being served meanwhile (`make soak`). With one lane a
    login costs one core a few tens of milliseconds; the memory still makes GPU cracking costly. A hash made with other
    parameters is redone at the next login."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1

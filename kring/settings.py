"""Settings of the Kringportaal, read from the environment.

One module, read top to bottom. Every variable is documented in the README table. Without any variable set the portal
runs embedded: SQLite, Celery tasks in-process (eager), e-mail on the console. Production mode (`DJANGO_DEBUG=False`)
refuses to start with the development secret key or without allowed hosts.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on", "ja"}:
        return True
    if value.lower() in {"0", "false", "no", "off", "nee"}:
        return False
    raise ImproperlyConfigured(f"{name} moet true of false zijn, niet {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core ------------------------------------------------------------------------------------------------------------
DEVELOPMENT_SECRET_KEY = "dev-only-kringportaal-niet-in-productie-gebruiken"  # noqa: S105 (refused in production)

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if not DEBUG:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Productie (DJANGO_DEBUG=False) vraagt een eigen DJANGO_SECRET_KEY van minstens 50 tekens."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Productie (DJANGO_DEBUG=False) vraagt DJANGO_ALLOWED_HOSTS.")

INSTALLED_APPS = [
    "kring",
    "werkgroepen",
    "projecten",
    "pastperformance",
    "sroi",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kring.middleware.WeigeringLogMiddleware",
    "kring.middleware.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kring.middleware.SessionTimeoutMiddleware",
    "kring.middleware.AccountStatusMiddleware",
]

ROOT_URLCONF = "kring.urls"
WSGI_APPLICATION = "kring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kring.context_processors.navigatie",
            ],
        },
    },
]

# --- Database and cache ----------------------------------------------------------------------------------------------
# DATABASE_URL: postgres://user:password@host:5432/name in production; SQLite file in the checkout by default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL switches on Redis for the Celery broker, the cache (sessions, rate limits) and nothing else.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Fails soft (kring/cache.py): with Redis down, sessions come from the database and pages keep working.
    CACHES = {"default": {"BACKEND": "kring.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication --------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "kring.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id (memory-hard, so a stolen hash is costly to crack on GPUs; parameters in kring/hashers.py) at a fraction of
# the CPU time of PBKDF2's 1,000,000 rounds, which made every login a 0.5 s CPU spike under load. Existing PBKDF2 hashes
# still verify and are rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "kring.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "kring.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "kring:start"
LOGOUT_REDIRECT_URL = "kring:home"

ACCOUNT_ADAPTER = "kring.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "kring.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "kring.forms.accounts.RegistratieForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = True  # mail the person when their password, e-mail address or second factor changes
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kringportaal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Brute-force protection: after 5 failed logins for one address (or 20 from one IP) within 15 minutes the login is
# locked for the rest of that window; every failure and every lockout is written to the audit log.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_LOCKOUT_RATE", "20/15m/ip,5/15m/key"),
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy: how many proxies add to X-Forwarded-For, so rate limits and the audit log see the client.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_ADAPTER = "kring.adapters.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kringportaal"
# The code forms write a lockout (too many wrong codes) to the audit log, like the login form does.
MFA_FORMS = {
    "authenticate": "kring.forms.accounts.TweedeFactorForm",
    "reauthenticate": "kring.forms.accounts.TweedeFactorHerbevestigenForm",
}
# After a password reset nobody is logged in: the person logs in again, with the second factor (issue 10).
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False

# OIDC single sign-on for gemeente staff: switched on when OIDC_SERVER_URL and OIDC_CLIENT_ID are set.
OIDC_SERVER_URL = env("OIDC_SERVER_URL")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_SERVER_URL and env("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "gemeente",
                "name": env("OIDC_NAME", "Inloggen met gemeente-account"),
                "client_id": env("OIDC_CLIENT_ID"),
                "secret": env("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }
# Kvk number of the gemeente whose staff the IdP authenticates; new OIDC users join it as "aangevraagd".
OIDC_ORGANISATIE_KVK = env("OIDC_ORGANISATIE_KVK")

# --- Sessions and security -------------------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_MAX_HOURS", 10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Flash messages live in the session: no extra cookie outside the __Host- prefix (the default keeps them in one).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix binds the cookie to this host, over HTTPS, for the whole site (ASVS 3.3.3).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # compose and monitoring probe over plain HTTP inside the network
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy without 'unsafe-inline': every script and style comes from our own static files.
_form_action = [SELF, OIDC_SERVER_URL] if OIDC_SERVER_URL else [SELF]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _form_action,
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Language, time, formats -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: uploads go through authorised views
# Where `manage.py backup` writes its archives (database + media); never inside MEDIA_ROOT.
BACKUP_ROOT = Path(env("BACKUP_ROOT", str(BASE_DIR / "backups")))
# Largest attachment of a kennisitem; the type is checked by content as well (werkgroepen/uploads.py).
KENNISBANK_MAX_UPLOAD_MB = env_int("KENNISBANK_MAX_UPLOAD_MB", 10)
# SROI: candidate data (codes, evidence, free text) is anonymised this many months after an obligation's term ends.
SROI_BEWAARTERMIJN_MAANDEN = env_int("SROI_BEWAARTERMIJN_MAANDEN", 24)
# Retention per kind of personal data (AVG storage limitation); what happens and why: kring/bewaartermijnen.py.
# Ratings: who rated and the free texts are anonymised this many years after the project's delivery; scores stay.
PP_BEWAARTERMIJN_JAREN = env_int("PP_BEWAARTERMIJN_JAREN", 5)
# Audit log and admin log: events older than this many years are deleted (7: the administration's retention duty).
AUDITLOG_BEWAARTERMIJN_JAREN = env_int("AUDITLOG_BEWAARTERMIJN_JAREN", 7)
# Finished reports and their PDFs are deleted this many months after the request.
RAPPORTEN_BEWAARTERMIJN_MAANDEN = env_int("RAPPORTEN_BEWAARTERMIJN_MAANDEN", 12)
# Records of sent reminders (after sending) and meeting invitations (after the meeting) are deleted after this.
HERINNERINGEN_BEWAARTERMIJN_MAANDEN = env_int("HERINNERINGEN_BEWAARTERMIJN_MAANDEN", 12)
# Refused applications (after the refusal) and never-confirmed ones (after registering) are deleted after this.
REGISTRATIES_BEWAARTERMIJN_MAANDEN = env_int("REGISTRATIES_BEWAARTERMIJN_MAANDEN", 6)
# Who follows a project is deleted this many months after the project is afgerond.
INTERESSE_BEWAARTERMIJN_MAANDEN = env_int("INTERESSE_BEWAARTERMIJN_MAANDEN", 12)
# Uploaded planning files are deleted this many days after upload, once no longer in their preview.
IMPORTBESTANDEN_BEWAARTERMIJN_DAGEN = env_int("IMPORTBESTANDEN_BEWAARTERMIJN_DAGEN", 90)
# Projects and opgaven in one gebied whose windows lie at most this many months apart are a koppelkans.
KOPPELKANS_TOLERANTIE_MAANDEN = env_int("KOPPELKANS_TOLERANTIE_MAANDEN", 6)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ----------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kringportaal <noreply@kringportaal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ----------------------------------------------------------------------------------------------------------
# Without REDIS_URL tasks run eagerly in-process, so a fresh clone works alone.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # results live in our own tables (Rapport, Herinnering)
CELERY_TASK_ACKS_LATE = True  # so every task must be idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The visibility timeout must exceed the longest task, or Redis hands an unacknowledged task to a second worker. It is
# also how long a task whose whole worker died waits for the next one (tests set a few seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * CELERY_TASK_TIME_LIMIT),
    # A Redis that hangs instead of refusing (network fault, failover): sending a task gives up after seconds instead
    # of holding the request forever (a report then waits in the outbox). Above the worker's 1 s BRPOP wait.
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BEAT_SCHEDULE = {
    # The outbox of reports: those whose task could not reach Redis are sent when it is back (also on a worker's
    # reconnect, kring/celery.py); this run is the safety net.
    "Wachtende rapporten versturen": {
        "task": "kring.tasks.send_wachtende_rapporten",
        "schedule": 60,
    },
    # Shortly after midnight, so an agreement is verlopen on the first day after its einddatum.
    "Verlopen intentieovereenkomsten": {
        "task": "kring.tasks.expire_overeenkomsten",
        "schedule": crontab(hour=0, minute=15),
    },
    # Every morning (Europe/Amsterdam, CELERY_TIMEZONE); on Mondays this sweep also sends the weekly overviews.
    "Herinneringen versturen": {
        "task": "kring.tasks.send_herinneringen",
        "schedule": crontab(hour=7, minute=0),
    },
    # Before the reminders: koppelkansen found overnight are on the gebied pages when people start work.
    "Koppelkansen zoeken": {
        "task": "projecten.tasks.detect_koppelkansen",
        "schedule": crontab(hour=6, minute=30),
    },
    # Before the reminders: rounds due today are open and rounds past their reveal deadline revealed.
    "Beoordelingsrondes bijwerken": {
        "task": "pastperformance.tasks.rondes_bijwerken",
        "schedule": crontab(hour=6, minute=0),
    },
    # Before the reminders: SROI warnings raised or resolved overnight are mailed the same morning.
    "SROI-waarschuwingen bijwerken": {
        "task": "sroi.tasks.waarschuwingen_bijwerken",
        "schedule": crontab(hour=6, minute=15),
    },
    # The first day of each quarter, before the reminders: the indicators of the quarter that ended are kept and the
    # stuurgroep's quarterly reports are requested; the 07:00 reminders mail their links.
    "Kwartaalrapportages": {
        "task": "kring.tasks.kwartaalrapportages",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # At night: every retention rule of kring/bewaartermijnen.py (SROI candidates, ratings, audit log, reports,
    # reminders, expired sessions, refused applications, ...) is applied; safe to run twice.
    "Bewaartermijnen toepassen": {
        "task": "kring.tasks.bewaartermijnen_toepassen",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Logging ---------------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# WeasyPrint and fontTools log every step of every PDF at INFO; only their warnings matter.
LOGGING["loggers"].update({"weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})

"""Prevex settings: one file, read from the environment with safe development defaults."""

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PREVEX_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Without DEBUG there is no default: Django refuses to sign anything (sessions, CSRF) until SECRET_KEY is
# set, while commands that need no key (migrations checks) still run.
SECRET_KEY = env_str("SECRET_KEY") or ("insecure-development-key" if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DEMO_MODE = env_bool("PREVEX_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # no longer used (recovery codes are hashed in accounts); its tables stay
    "prevex.accounts",  # before axes: its `axes_reset_username` (hashing the login) replaces axes' own
    "axes",
    "template_partials",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "prevex.core",
    "prevex.territories",
    "prevex.organisations",
    "prevex.situations",
    "prevex.outreach",
    "prevex.outreach.letters",
    "prevex.outreach.rounds",
    "prevex.outreach.tenant",
    "prevex.outreach.messaging",
    "prevex.support",
    "prevex.support.notes",
    "prevex.support.procedure",
    "prevex.support.hearing",
    "prevex.support.diagnosis",
    "prevex.support.actions",
    "prevex.imports",
    "prevex.intake",
    "prevex.reports",
    "prevex.audit",
    "prevex.journal",
    "prevex.privacy",
    "prevex.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "prevex.core.middleware.SecurityHeadersMiddleware",  # Permissions-Policy; no caching of logged-in pages
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "prevex.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prevex.organisations.context_processors.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'prevex.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prevex's queries are short and indexed: PostgreSQL's JIT compiles a plan whose estimated cost is high for
    # longer than the query then runs (Aujourd'hui: 480 ms of JIT for a 100 ms query once the table is analysed).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username or address before the password check
    "prevex.accounts.backends.AccountsBackend",  # Django's, refusing the demo accounts outside demo mode
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "outreach:today"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 4)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Optional OpenID Connect login (ProConnect or another provider); Prevex's own second factor still applies.
PREVEX_OIDC_ENABLED = env_bool("PREVEX_OIDC_ENABLED", False)
PREVEX_OIDC_LABEL = env_str("PREVEX_OIDC_LABEL", "ProConnect")
if PREVEX_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("prevex.accounts.oidc.ExistingAccountsBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email given_name usual_name")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
    OIDC_CREATE_USER = False
    OIDC_TIMEOUT = 10
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_authentication_callback"
    LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/?oidc=echec"

# Second factor (django-otp): TOTP applications and recovery codes, required for every account.
OTP_TOTP_ISSUER = env_str("PREVEX_OTP_ISSUER", "Prevex")
# After each wrong code a device waits 1, 2, 4… seconds (doubling) before checking another: codes cannot be
# tried in bulk. Throttling is django-otp's default; written here so that it is never turned off by accident.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's TOTP key, its QR code or the recovery codes (an administrator could
# otherwise copy someone's second factor); a lost phone is reset by the admin action on the account.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The journal keeps its entries this long (CNIL: traces kept 6 months to 1 year); `apply_retention` purges.
PREVEX_JOURNAL_RETENTION_MONTHS = env_int("PREVEX_JOURNAL_RETENTION_MONTHS", 12)
# Imported files and their per-row detail (names, values) are deleted by `apply_retention --commit`, the
# counts stay: pending or cancelled uploads and applied social-services answers after PENDING days, imported
# lists and tracking sheets KEEP days after their commit (and at once when a household they mention is erased).
PREVEX_IMPORT_PENDING_DAYS = env_int("PREVEX_IMPORT_PENDING_DAYS", 2)
PREVEX_IMPORT_KEEP_DAYS = env_int("PREVEX_IMPORT_KEEP_DAYS", 30)
# Exports and deletions ask for the password and a code again after this many seconds.
PREVEX_REAUTH_SECONDS = env_int("PREVEX_REAUTH_SECONDS", 10 * 60)

# Lockout after repeated failures (django-axes): per username and address; `manage.py axes_reset` unlocks.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "prevex.accounts.views.locked_out"
# The client's address for the lockout and the journal (prevex.core.clientip): behind N reverse proxies, the
# Nth X-Forwarded-For entry from the right; 0 (no proxy) ignores the header. AXES_PROXY_COUNT: former name.
PREVEX_TRUSTED_PROXY_COUNT = env_int("PREVEX_TRUSTED_PROXY_COUNT", env_int("AXES_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "prevex.core.clientip.client_ip"
# The lockout table keeps a keyed HMAC of the username typed, never the username (sometimes a password).
AXES_USERNAME_CALLABLE = "prevex.accounts.usernames.axes_username"
# Masked in the form data the lockout table keeps: a recovery code typed with a wrong password still works.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]
AXES_VERBOSE = False  # no usernames in the logs

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files hold personal data: kept outside any served path.
MEDIA_ROOT = VAR_DIR / "private"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PREVEX_IMPORT_MAX_BYTES = env_int("PREVEX_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# What an imported spreadsheet may hold, checked before it is read (prevex.imports.bounds): a small file can
# claim a huge sheet (a cell at XFD1048576, rows repeated a million times, a zip bomb). A sheet is counted from
# A1 to its last filled cell; an ods counts all its sheets; text counts a shared string at each cell using it.
PREVEX_IMPORT_MAX_ROWS = env_int("PREVEX_IMPORT_MAX_ROWS", 100_000)
PREVEX_IMPORT_MAX_COLUMNS = env_int("PREVEX_IMPORT_MAX_COLUMNS", 200)
PREVEX_IMPORT_MAX_CELLS = env_int("PREVEX_IMPORT_MAX_CELLS", 2_000_000)
PREVEX_IMPORT_MAX_TEXT_CHARS = env_int("PREVEX_IMPORT_MAX_TEXT_CHARS", 30_000_000)
PREVEX_IMPORT_MAX_UNZIPPED_BYTES = env_int("PREVEX_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
PREVEX_IMPORT_MAX_ZIP_RATIO = env_int("PREVEX_IMPORT_MAX_ZIP_RATIO", 100)  # members of more than 1 MB

# The console backend writes every e-mail (password reset links too) to the output: development only.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Password reset e-mails asked per hour, per address and per client address (beyond: the same page, no e-mail).
# The cache counts throttled requests (password resets…): a table of the database, so every worker process and
# every restart sees the same counts (the default in-process cache would give each process its own limit).
# Its table is created by the migration `core 0001`.
# The rate limits count in the cache: a bound of 300 entries (Django's default) would let many client addresses
# evict the counters.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "prevex_cache",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
PREVEX_PASSWORD_RESET_PER_ADDRESS = env_int("PREVEX_PASSWORD_RESET_PER_ADDRESS", 3)
PREVEX_PASSWORD_RESET_PER_IP = env_int("PREVEX_PASSWORD_RESET_PER_IP", 20)
# The address the letters print for the tenant's personal page (no request to build it from in a batch).
PREVEX_PUBLIC_URL = env_str("PREVEX_PUBLIC_URL", "http://localhost:8000")
PREVEX_TENANT_PAGE_PER_IP = env_int("PREVEX_TENANT_PAGE_PER_IP", 20)  # per client address and window
PREVEX_TENANT_PAGE_WINDOW = env_int("PREVEX_TENANT_PAGE_WINDOW", 10 * 60)  # seconds
PREVEX_TENANT_PAGE_POSTS_PER_DAY = env_int("PREVEX_TENANT_PAGE_POSTS_PER_DAY", 5)  # requests per link and day
# Addresses that are keys (the tenant's personal link): what follows these prefixes never reaches the logs.
PREVEX_SECRET_PATH_PREFIXES = ("/aller-vers/locataire/",)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "prevex@localhost")

# SMS and e-mails to the tenants (docs/messages.md). The worker (`manage.py db_worker`) sends them: the database
# backend of django-tasks, on SQLite and PostgreSQL alike; in DEBUG the immediate backend sends at once (no
# worker for `make run`; a message due later waits for `messages_dispatch`).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "PREVEX_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        )
    }
}
# E-mail through Anymail (Brevo by default: EMAIL_BACKEND=anymail.backends.brevo.EmailBackend); its tracking
# webhook checks WEBHOOK_SECRET ("user:password" basic auth).
ANYMAIL = {
    "BREVO_API_KEY": env_str("ANYMAIL_BREVO_API_KEY"),
    "BREVO_API_URL": env_str("ANYMAIL_BREVO_API_URL", "https://api.brevo.com/v3/"),
    "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET") or None,
}
# The ESP's tracking webhook view (Anymail), at /aller-vers/messages/webhooks/email/.
PREVEX_EMAIL_TRACKING_VIEW = env_str("PREVEX_EMAIL_TRACKING_VIEW", "anymail.webhooks.brevo.BrevoTrackingWebhookView")
# The ESP's inbound (replies) webhook view (Anymail), at /aller-vers/messages/webhooks/email/reponses/.
PREVEX_EMAIL_INBOUND_VIEW = env_str(
    "PREVEX_EMAIL_INBOUND_VIEW", "prevex.outreach.messaging.inbound_webhooks.BrevoInboundWithoutAttachments"
)
# The e-mails' Reply-To is reponse+<token>@PREVEX_REPLY_DOMAIN (a domain whose mail the ESP's inbound parsing
# receives); empty: no Reply-To, the replies go to the sender's address and never reach Prevex.
PREVEX_REPLY_DOMAIN = env_str("PREVEX_REPLY_DOMAIN")
# The key of the opt-outs' digests (models.number_digest): independent of SECRET_KEY, so that rotating SECRET_KEY
# forgets no STOP. Empty: SECRET_KEY (as before); to rotate SECRET_KEY, first set this to its current value.
PREVEX_OPTOUT_KEY = env_str("PREVEX_OPTOUT_KEY")
PREVEX_INBOX_KEEP_DAYS = env_int("PREVEX_INBOX_KEEP_DAYS", 30)  # a reply left unclassified is then discarded
PREVEX_SMS_OVH_SENDER_FOR_RESPONSE = env_bool(
    "PREVEX_SMS_OVH_SENDER_FOR_RESPONSE", False
)  # a number that takes replies
PREVEX_SMS_BACKEND = env_str("PREVEX_SMS_BACKEND", "prevex.outreach.sms.console.ConsoleBackend")
PREVEX_SMS_SENDER = env_str("PREVEX_SMS_SENDER", "PREVEX")  # 3 to 11 letters or digits, as operators accept
PREVEX_SMS_TIMEOUT = env_int("PREVEX_SMS_TIMEOUT", 10)  # seconds for one call to a provider (SMS and e-mail)
PREVEX_SMS_FILE_PATH = env_str("PREVEX_SMS_FILE_PATH", str(VAR_DIR / "sms"))
PREVEX_SMS_BREVO_API_URL = env_str("PREVEX_SMS_BREVO_API_URL", "https://api.brevo.com/v3")
# Brevo's current route (the former /transactionalSMS/sms is deprecated since May 2025; same request body).
PREVEX_SMS_BREVO_SEND_PATH = env_str("PREVEX_SMS_BREVO_SEND_PATH", "/transactionalSMS/send")
PREVEX_SMS_BREVO_API_KEY = env_str("PREVEX_SMS_BREVO_API_KEY")
PREVEX_SMS_OVH_ENDPOINT = env_str("PREVEX_SMS_OVH_ENDPOINT", "https://eu.api.ovh.com/1.0")
PREVEX_SMS_OVH_SERVICE_NAME = env_str("PREVEX_SMS_OVH_SERVICE_NAME")
PREVEX_SMS_OVH_APPLICATION_KEY = env_str("PREVEX_SMS_OVH_APPLICATION_KEY")
PREVEX_SMS_OVH_APPLICATION_SECRET = env_str("PREVEX_SMS_OVH_APPLICATION_SECRET")
PREVEX_SMS_OVH_CONSUMER_KEY = env_str("PREVEX_SMS_OVH_CONSUMER_KEY")
PREVEX_SMS_WEBHOOK_SECRET = env_str("PREVEX_SMS_WEBHOOK_SECRET")  # "user:password"; empty: webhooks refused
PREVEX_SMS_WEBHOOK_BASE_URL = env_str("PREVEX_SMS_WEBHOOK_BASE_URL")  # with the secret: https://user:pw@host
PREVEX_MESSAGES_FROM_EMAIL = env_str("PREVEX_MESSAGES_FROM_EMAIL", DEFAULT_FROM_EMAIL)
PREVEX_MESSAGES_TIME_ZONE = "Europe/Paris"
PREVEX_MESSAGES_HOURS = env_str("PREVEX_MESSAGES_HOURS", "08:00-20:00")
PREVEX_MESSAGES_DAYS = tuple(int(day) for day in env_list("PREVEX_MESSAGES_DAYS", ["0", "1", "2", "3", "4", "5"]))
PREVEX_MESSAGES_EMAIL_HOURS = env_bool("PREVEX_MESSAGES_EMAIL_HOURS", False)  # e-mails keep the hours too
PREVEX_MESSAGES_DAILY_CAP = {
    "sms": env_int("PREVEX_MESSAGES_DAILY_CAP_SMS", 500),
    "email": env_int("PREVEX_MESSAGES_DAILY_CAP_EMAIL", 2000),
}
PREVEX_MESSAGES_RETRY_DELAYS = [int(s) for s in env_list("PREVEX_MESSAGES_RETRY_DELAYS", ["60", "300", "1800", "7200"])]
PREVEX_MESSAGES_SENDING_TIMEOUT = env_int("PREVEX_MESSAGES_SENDING_TIMEOUT", 5 * 60)  # then « à vérifier »
PREVEX_MESSAGES_BATCH_SIZE = env_int("PREVEX_MESSAGES_BATCH_SIZE", 20)  # messages queued together, per task

# Production hardening; `manage.py check --deploy` is clean when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style, nothing from another site; a nonce (`request.csp_nonce`) for an inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the cookie: htmx sends the page's token (hx-headers on <body>)
CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database error's message can quote the data refused (an imported household's name): withheld.
    "filters": {
        "redact_database_errors": {"()": "prevex.core.log_filters.RedactDatabaseErrors"},
        "redact_secret_paths": {"()": "prevex.core.log_filters.RedactSecretPaths"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_database_errors", "redact_secret_paths"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every login at INFO (with masked names): only its warnings are worth keeping.
        "axes": {"level": "WARNING"},
        # WeasyPrint and its font tools tell each step of every PDF at INFO: noise in the logs.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The 500 errors, filtered before any handler (Django's mail to ADMINS too).
        "django.request": {"filters": ["redact_database_errors", "redact_secret_paths"]},
    },
}

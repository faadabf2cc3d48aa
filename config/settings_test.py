"""Settings for the test suite: the development defaults, faster hashing, no HTTPS redirect."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405


class UnknownTemplateVariable(Exception):
    """A template printed, or passed to a tag, a variable its context does not have."""


# Templates shipped by Django itself (the admin): they print variables some pages leave out, by design.
ALLOWED_TEMPLATE_DIRS = (os.sep + os.path.join("django", "contrib") + os.sep,)


class InvalidTemplateVariable(str):
    """`string_if_invalid` that fails the test: Django formats it (`string_if_invalid % variable`) whenever
    `{{ missing }}`, `{{ missing|filter }}` or a tag argument (`{% url 'x' missing %}`, `{% with %}`) does
    not resolve. The tests that only ask (`{% if missing %}`, `{% for x in missing %}`, `{% firstof %}`)
    resolve with `ignore_failures` and never get here."""

    def __contains__(self, item):
        return item == "%s"

    def __mod__(self, variable):
        template = _template_being_rendered()
        if template is not None and any(folder in template for folder in ALLOWED_TEMPLATE_DIRS):
            return str.__mod__(self, variable)
        raise UnknownTemplateVariable(f"{template or 'template'}: unknown variable {{{{ {variable} }}}}")


def _template_being_rendered() -> str | None:
    """The file of the template (or included template) holding the failing variable: the origin of the nearest
    template node on the stack (the `{{ }}` or the tag that resolves it)."""
    import sys

    from django.template.base import Node

    frame = sys._getframe(2)
    while frame is not None:
        node = frame.f_locals.get("self")
        if isinstance(node, Node) and getattr(node, "origin", None) is not None:
            return node.origin.name
        frame = frame.f_back
    return None


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("INVALID_TEMPLATE_VARIABLE:%s")  # noqa: F405
# Static files come from the apps' folders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Uploaded test files go to a throwaway folder, not var/private.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="prevex-media-"))

"""Every URL for every role: the expected status, in one matrix.

Columns follow PERSONAS: anonymous, teacher, county admin, neighbouring county
admin, city admin, other city's admin, province admin, institution staff.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import permission_rows
from tests.conftest import PERSONAS

ALL_OK = (200,) * 8
LOGGED_IN_OK = (302,) + (200,) * 7
TEACHER_ONLY = (302, 200) + (404,) * 6
REGION_ADMINS = (302, 404, 200, 200, 200, 200, 200, 404)

# name: (method, needs, expected statuses in PERSONAS order)
MATRIX = {
    "home": ("get", None, (302, 200, 302, 302, 302, 302, 302, 302)),
    "credit_bank": ("get", None, LOGGED_IN_OK),
    "training": ("get", None, (302,) * 8),
    "studios": ("get", None, LOGGED_IN_OK),
    "reading": ("get", None, LOGGED_IN_OK),
    "live": ("get", None, LOGGED_IN_OK),
    "accounts:login": ("get", None, (200,) + (302,) * 7),
    "accounts:logout": ("post", None, (302,) * 8),
    "accounts:password_change": ("get", None, LOGGED_IN_OK),
    "accounts:password_forgot": ("get", None, ALL_OK),
    "accounts:password_reset": ("get", None, (302,) * 8),
    "accounts:notifications": ("get", None, LOGGED_IN_OK),
    "space:profile": ("get", None, TEACHER_ONLY),
    "space:training": ("get", None, TEACHER_ONLY),
    "space:studios": ("get", None, TEACHER_ONLY),
    "space:reading": ("get", None, TEACHER_ONLY),
    "space:honors": ("get", None, TEACHER_ONLY),
    "space:achievements": ("get", None, TEACHER_ONLY),
    "space:ethics": ("get", None, TEACHER_ONLY),
    "manage:dashboard": ("get", None, (302, 404) + (200,) * 6),
    "manage:regions": ("get", None, (302, 404, 404, 404, 200, 200, 200, 404)),
    "teachers:unit_list": ("get", None, REGION_ADMINS),
    "teachers:unit_create": ("get", None, (302, 404, 200, 200, 404, 404, 404, 404)),
    "teachers:unit_edit": ("get", "unit", (302, 404, 200, 404, 404, 404, 404, 404)),
    "teachers:teacher_list": ("get", None, REGION_ADMINS),
    "teachers:teacher_detail": (
        "get",
        "teacher",
        (302, 404, 200, 404, 200, 404, 200, 404),
    ),
    "teachers:teacher_unlock": (
        "post",
        "teacher",
        (302, 404, 302, 404, 404, 404, 404, 404),
    ),
    "teachers:teacher_reset_password": (
        "post",
        "teacher",
        (302, 404, 302, 404, 404, 404, 404, 404),
    ),
    "admin:index": ("get", None, (302,) * 8),
}

# Each area adds its rows in tests/permission_rows/<area>.py as ROWS.
for _module in pkgutil.iter_modules(permission_rows.__path__):
    MATRIX.update(
        importlib.import_module(f"{permission_rows.__name__}.{_module.name}").ROWS
    )

# Library views that need no row: captcha images and Django admin internals.
EXEMPT_NAMESPACES = {"admin", "captcha"}
EXEMPT_NAMES = {"captcha-image", "captcha-image-2x", "captcha-audio", "captcha-refresh"}


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if entry.name not in EXEMPT_NAMES:
                yield prefix + entry.name


def test_every_url_has_a_row_in_the_matrix():
    missing = set(_url_names()) - set(MATRIX)
    assert not missing, f"URLs without a permission row: {sorted(missing)}"


CASES = [
    pytest.param(name, persona, expected[index], id=f"{name}-{persona}")
    for name, (_method, _needs, expected) in MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "expected"), CASES)
def test_permission_matrix(client, login_as, request, name, persona, expected):
    method, needs, _ = MATRIX[name]
    args = [request.getfixturevalue(needs).pk] if needs else []
    login_as(persona)

    response = getattr(client, method)(reverse(name, args=args))

    assert response.status_code == expected
    redirects_elsewhere = {"accounts:logout", "accounts:password_reset"}
    if persona == "anonymous" and expected == 302 and name not in redirects_elsewhere:
        assert "login" in response["Location"]

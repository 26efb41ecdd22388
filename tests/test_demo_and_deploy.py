import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.scope import Role
from teachers import quality
from teachers.models import Teacher
from teachers.validators import validate_id_number


def _valid(number):
    return validate_id_number(number).number == number


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_demo_data_has_every_role_and_valid_teachers(capsys):
    call_command("load_demo", teachers=40)

    output = capsys.readouterr().out
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {choice.value for choice in Role}
    assert Teacher.objects.count() == 40
    assert all(_valid(n) for n in Teacher.objects.values_list("id_number", flat=True))
    assert (
        User.objects.filter(role=Role.TEACHER, password__startswith="!").count() == 40
    )
    for username in ("province_admin", "sjz_admin", "changan_admin", "hebnu_staff"):
        assert username in output


@pytest.mark.django_db
def test_demo_load_twice_changes_nothing(capsys):
    call_command("load_demo", teachers=10)
    call_command("load_demo", teachers=10)

    assert Teacher.objects.count() == 10
    assert "演示数据已存在" in capsys.readouterr().out


def test_deploy_check_passes_with_production_settings(tmp_path):
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "hbte.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "hbte.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/9",
        "SESSION_COOKIE_SECURE": "true",
        "CSRF_COOKIE_SECURE": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_demo_data_gives_the_quality_report_something_to_find():
    call_command("load_demo", teachers=300)

    county_admin = User.objects.get(username="changan_admin")
    lines, total = quality.report(county_admin)
    found = {rule.code for rule, count in total.cells() if count}

    assert {"phone_invalid", "phone_shared", "id_mismatch", "required_missing"} <= found

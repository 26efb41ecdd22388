import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import services
from tests.factories import TeacherFactory, valid_id_number
from tests.helpers import captcha_fields, post_login

WRONG = "not-the-password"


def _lock(client, username):
    for _ in range(3):
        post_login(client, username, WRONG)


@pytest.mark.django_db
def test_teacher_created_in_bulk_has_no_password_hash(teacher):
    assert teacher.user.password.startswith("!")
    assert teacher.user.uses_initial_password


@pytest.mark.django_db
def test_teacher_logs_in_with_default_password_and_must_change_it(client, teacher):
    response = post_login(client, teacher.id_number, teacher.id_number[-6:])

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("space:profile"))["Location"] == reverse(
        "accounts:password_change"
    )


@pytest.mark.django_db
def test_lowercase_final_x_is_accepted_in_account_and_password(client, unit):
    number = next(
        n for n in (valid_id_number("130102") for _ in range(100)) if n.endswith("X")
    )
    teacher = TeacherFactory(unit=unit, id_number=number)

    response = post_login(client, number.lower(), number[-6:].lower())

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == teacher.user.pk


@pytest.mark.django_db
def test_forced_change_accepts_initial_password_and_releases_the_account(
    client, teacher
):
    post_login(client, teacher.id_number, teacher.id_number[-6:])

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": teacher.id_number[-6:],
            "new_password1": "Hebei#Teacher2026",
            "new_password2": "Hebei#Teacher2026",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("space:profile")
    teacher.user.refresh_from_db()
    assert not teacher.user.uses_initial_password
    assert not teacher.user.must_change_password
    assert teacher.user.check_password("Hebei#Teacher2026")
    assert client.get(reverse("space:profile")).status_code == 200


@pytest.mark.django_db
def test_wrong_captcha_is_refused_and_not_counted_as_a_failure(client, teacher):
    wrong = captcha_fields() | {"captcha_1": "zzzz"}

    for _ in range(4):
        response = post_login(client, teacher.id_number, WRONG, captcha=wrong)
        assert "验证码错误" in response.content.decode()

    assert not services.is_locked(teacher.user)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_user_is_told_to_contact_the_county_admin(client, unit):
    response = post_login(client, valid_id_number("130102"), "123456")

    assert response.status_code == 200
    assert "查无此用户" in response.content.decode()
    assert "区县管理员" in response.content.decode()


@pytest.mark.django_db
def test_two_failures_do_not_lock(client, teacher):
    post_login(client, teacher.id_number, WRONG)
    post_login(client, teacher.id_number, WRONG)

    response = post_login(client, teacher.id_number, teacher.id_number[-6:])

    assert response.status_code == 302
    assert not services.is_locked(teacher.user)


@pytest.mark.django_db
def test_third_failure_locks_the_account_even_for_the_right_password(client, teacher):
    _lock(client, teacher.id_number)

    response = post_login(client, teacher.id_number, teacher.id_number[-6:])

    assert response.status_code == 403
    assert "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert services.is_locked(teacher.user)


@pytest.mark.django_db
def test_lock_of_one_account_does_not_lock_another(client, teacher, other_teacher):
    _lock(client, teacher.id_number)

    response = post_login(client, other_teacher.id_number, other_teacher.id_number[-6:])

    assert response.status_code == 302
    assert not services.is_locked(other_teacher.user)


@pytest.mark.django_db
def test_lock_ends_after_two_hours(client, teacher):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _lock(client, teacher.id_number)
    with time_machine.travel(start + datetime.timedelta(hours=1, minutes=59)):
        locked = post_login(client, teacher.id_number, teacher.id_number[-6:])
    with time_machine.travel(start + datetime.timedelta(hours=2, minutes=1)):
        unlocked = post_login(client, teacher.id_number, teacher.id_number[-6:])

    assert locked.status_code == 403
    assert unlocked.status_code == 302


@pytest.mark.django_db
def test_county_admin_unlocks_a_teacher(client, teacher, county_admin):
    _lock(client, teacher.id_number)
    client.force_login(county_admin)

    response = client.post(reverse("teachers:teacher_unlock", args=[teacher.pk]))

    assert response.status_code == 302
    assert not services.is_locked(teacher.user)
    client.logout()
    assert (
        post_login(client, teacher.id_number, teacher.id_number[-6:]).status_code == 302
    )


@pytest.mark.django_db
def test_county_admin_resets_a_changed_password_to_the_initial_one(
    client, teacher, county_admin
):
    services.change_password(user=teacher.user, new_password="Hebei#Teacher2026")
    client.force_login(county_admin)

    client.post(reverse("teachers:teacher_reset_password", args=[teacher.pk]))

    teacher.user.refresh_from_db()
    assert teacher.user.uses_initial_password
    assert teacher.user.must_change_password
    client.logout()
    response = post_login(client, teacher.id_number, teacher.id_number[-6:])
    assert response["Location"] == reverse("accounts:password_change")


@pytest.mark.django_db
def test_login_is_rate_limited_per_address(client, settings, teacher):
    settings.RATELIMIT_LOGIN = "3/m"

    statuses = [
        post_login(client, f"nobody{i}", WRONG, REMOTE_ADDR="10.1.1.1").status_code
        for i in range(4)
    ]
    other_address = post_login(client, "nobody", WRONG, REMOTE_ADDR="10.1.1.2")

    assert statuses == [200, 200, 200, 429]
    assert other_address.status_code == 200


@pytest.mark.django_db
def test_admin_lands_on_the_dashboard(client, county_admin):
    response = post_login(client, "changan", "Admin@2026")

    assert response["Location"] == reverse("manage:dashboard")

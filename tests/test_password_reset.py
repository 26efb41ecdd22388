import pytest
from django.urls import reverse

from accounts.senders import MemorySender
from tests.helpers import captcha_fields, post_login


def _ask_for_code(client, username, channel="sms"):
    data = {"username": username, "channel": channel} | captcha_fields()
    return client.post(reverse("accounts:password_forgot"), data)


def _sent_code():
    return MemorySender.outbox[-1].body.split("验证码为 ")[1][:6]


@pytest.mark.django_db
def test_forgotten_password_is_reset_with_a_code_sent_by_sms(client, teacher):
    response = _ask_for_code(client, teacher.id_number.lower())

    assert response["Location"] == reverse("accounts:password_reset")
    assert MemorySender.outbox[-1].to == teacher.phone
    response = client.post(
        reverse("accounts:password_reset"),
        {
            "code": _sent_code(),
            "new_password1": "Hebei#Reset2026",
            "new_password2": "Hebei#Reset2026",
        },
    )
    assert response["Location"] == reverse("accounts:login")
    teacher.user.refresh_from_db()
    assert teacher.user.check_password("Hebei#Reset2026")
    assert not teacher.user.uses_initial_password


@pytest.mark.django_db
def test_wrong_code_changes_nothing(client, teacher):
    _ask_for_code(client, teacher.id_number)
    right = _sent_code()
    wrong = "000000" if right != "000000" else "111111"

    response = client.post(
        reverse("accounts:password_reset"),
        {
            "code": wrong,
            "new_password1": "Hebei#Reset2026",
            "new_password2": "Hebei#Reset2026",
        },
    )

    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()
    teacher.user.refresh_from_db()
    assert teacher.user.uses_initial_password


@pytest.mark.django_db
def test_code_is_void_after_five_wrong_tries(client, teacher):
    _ask_for_code(client, teacher.id_number)
    right = _sent_code()
    wrong = "999999" if right != "999999" else "888888"
    data = {"new_password1": "Hebei#Reset2026", "new_password2": "Hebei#Reset2026"}
    for _ in range(5):
        client.post(reverse("accounts:password_reset"), data | {"code": wrong})

    client.post(reverse("accounts:password_reset"), data | {"code": right})

    teacher.user.refresh_from_db()
    assert teacher.user.uses_initial_password


@pytest.mark.django_db
def test_account_without_email_is_told_so(client, teacher):
    response = _ask_for_code(client, teacher.id_number, channel="email")

    assert response.status_code == 200
    assert "未登记电子邮箱" in response.content.decode()
    assert MemorySender.outbox == []


@pytest.mark.django_db
def test_unknown_account_gets_the_not_found_message(client, db):
    response = _ask_for_code(client, "130102199001011234")

    assert "查无此用户" in response.content.decode()


@pytest.mark.django_db
def test_code_sending_is_rate_limited_per_address(client, settings, teacher):
    settings.RATELIMIT_CODE_SEND = "2/m"

    statuses = [_ask_for_code(client, teacher.id_number).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert len(MemorySender.outbox) == 2


@pytest.mark.django_db
def test_reset_also_unlocks_a_locked_account(client, teacher):
    for _ in range(3):
        post_login(client, teacher.id_number, "wrong-password")
    _ask_for_code(client, teacher.id_number)
    client.post(
        reverse("accounts:password_reset"),
        {
            "code": _sent_code(),
            "new_password1": "Hebei#Reset2026",
            "new_password2": "Hebei#Reset2026",
        },
    )

    assert post_login(client, teacher.id_number, "Hebei#Reset2026").status_code == 302

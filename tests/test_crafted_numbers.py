"""Crafted numbers in query strings and posts: digits that str.isdigit() calls
digits but int() refuses (superscripts) must not become server errors."""

import pytest
from django.urls import reverse

from projects.models import Enrollment

pytestmark = pytest.mark.django_db

ODD_DIGITS = ("²", "①", "１２")


@pytest.mark.parametrize("value", ODD_DIGITS)
def test_selection_post_with_odd_digits_is_refused_with_a_message(
    client, county_admin, project, value
):
    client.force_login(county_admin)

    response = client.post(
        reverse("projects:selection", args=[project.pk]),
        {"teacher": [value]},
        follow=True,
    )

    assert response.status_code == 200
    assert "请勾选本区县的教师" in response.content.decode()
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("value", ODD_DIGITS)
def test_institution_lists_ignore_odd_digits_in_filters(
    client, institution_staff, value
):
    client.force_login(institution_staff)

    classes = client.get(reverse("classes:class_list"), {"project": value})
    enrollments = client.get(
        reverse("classes:enrollment_list"), {"training_class": value}
    )

    assert classes.status_code == 200
    assert enrollments.status_code == 200

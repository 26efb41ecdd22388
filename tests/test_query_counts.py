"""Admin pages run a bounded number of queries, whatever the number of teachers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeacherFactory

PAGES = ("manage:dashboard", "teachers:teacher_list", "teachers:unit_list")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["county_admin", "city_admin", "province_admin"])
def test_page_queries_do_not_grow_with_teachers(
    client, request, unit, other_unit, name, persona
):
    client.force_login(request.getfixturevalue(persona))
    TeacherFactory.create_batch(3, unit=unit)
    few = _queries(client, reverse(name))

    TeacherFactory.create_batch(30, unit=unit)
    TeacherFactory.create_batch(10, unit=other_unit)
    many = _queries(client, reverse(name))

    assert many == few
    assert many <= 12


@pytest.mark.django_db
def test_teacher_space_is_cheap(client, teacher_user, django_assert_max_num_queries):
    client.force_login(teacher_user)

    with django_assert_max_num_queries(8):
        assert client.get(reverse("space:profile")).status_code == 200

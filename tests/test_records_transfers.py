"""Transfers (异动) between counties, across cities, with both answers."""

import pytest
from django.urls import reverse

from accounts.scope import Role
from teachers.models import Transfer
from tests.factories import AdminFactory, UnitFactory
from tests.plugins.records import JINGXIU

pytestmark = pytest.mark.django_db


@pytest.fixture
def jingxiu_admin(db):
    """保定市竞秀区 admin: the receiving county of the `transfer` fixture."""
    return AdminFactory(username="jingxiu", role=Role.COUNTY_ADMIN, region_id=JINGXIU)


@pytest.fixture
def jingxiu_unit(db):
    return UnitFactory(name="保定市竞秀区实验小学", county_id=JINGXIU)


def test_transfer_to_another_city_is_accepted_into_a_unit_of_the_new_county(
    client, teacher, county_admin, jingxiu_admin, jingxiu_unit, other_city_admin
):
    client.force_login(county_admin)
    response = client.post(
        reverse("teachers:transfer_create", args=[teacher.pk]),
        {"to_county": JINGXIU, "reason": "随配偶调动"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.state == "pending"
    outgoing = client.get(reverse("teachers:transfer_list"))
    assert outgoing.context["outgoing"] == [transfer]

    assert jingxiu_admin.notifications.get().link.endswith(f"/transfers/{transfer.pk}/")
    client.force_login(jingxiu_admin)
    incoming = client.get(reverse("teachers:transfer_list"))
    assert incoming.context["incoming"] == [transfer]
    assert (
        client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).status_code
        == 404
    )  # not theirs until accepted
    response = client.post(
        reverse("teachers:transfer_accept", args=[transfer.pk]),
        {"unit": jingxiu_unit.pk},
    )
    assert response.status_code == 302

    teacher.refresh_from_db()
    transfer.refresh_from_db()
    assert (teacher.county_id, teacher.unit) == (JINGXIU, jingxiu_unit)
    assert transfer.state == "accepted" and transfer.to_unit == jingxiu_unit
    assert transfer.decided_by == jingxiu_admin
    assert (
        client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).status_code
        == 200
    )
    client.force_login(county_admin)
    assert (
        client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).status_code
        == 404
    )
    history = client.get(reverse("teachers:transfer_list"))
    assert transfer in list(history.context["page"])
    client.force_login(other_city_admin)
    assert (
        client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).status_code
        == 200
    )
    assert set(
        teacher.events.filter(kind="transfer").values_list("field", flat=True)
    ) >= {
        "county",
        "unit",
    }


def test_receiving_county_refuses_with_a_reason_and_nothing_moves(
    client, transfer, jingxiu_admin, county_admin
):
    teacher = transfer.teacher
    client.force_login(jingxiu_admin)
    url = reverse("teachers:transfer_refuse", args=[transfer.pk])

    no_reason = client.post(url, {"note": ""})
    client.post(url, {"note": "本区县无空编"})

    assert (
        "refuse_form" in no_reason.context and no_reason.context["refuse_form"].errors
    )
    transfer.refresh_from_db()
    teacher.refresh_from_db()
    assert transfer.state == "refused" and transfer.decision_note == "本区县无空编"
    assert teacher.county_id == "130102"
    assert "被拒绝" in county_admin.notifications.get().title
    client.force_login(county_admin)
    page = client.get(reverse("teachers:transfer_detail", args=[transfer.pk]))
    assert "本区县无空编" in page.content.decode()


def test_receiving_county_must_pick_a_unit_of_its_own_registry(
    client, transfer, jingxiu_admin, unit
):
    client.force_login(jingxiu_admin)

    response = client.post(
        reverse("teachers:transfer_accept", args=[transfer.pk]), {"unit": unit.pk}
    )

    assert response.context["accept_form"].errors
    transfer.refresh_from_db()
    assert transfer.state == "pending"


def test_an_answered_transfer_cannot_be_answered_again(
    client, transfer, jingxiu_admin, jingxiu_unit
):
    client.force_login(jingxiu_admin)
    client.post(reverse("teachers:transfer_refuse", args=[transfer.pk]), {"note": "否"})

    client.post(
        reverse("teachers:transfer_accept", args=[transfer.pk]),
        {"unit": jingxiu_unit.pk},
    )

    transfer.refresh_from_db()
    transfer.teacher.refresh_from_db()
    assert transfer.state == "refused"
    assert transfer.teacher.county_id == "130102"


def test_releasing_county_cancels_and_cannot_start_two_at_once(
    client, transfer, county_admin
):
    client.force_login(county_admin)

    second = client.post(
        reverse("teachers:transfer_create", args=[transfer.teacher.pk]),
        {"to_county": "130104", "reason": "x"},
    )
    client.post(reverse("teachers:transfer_cancel", args=[transfer.pk]))

    assert "已有一项待接收的异动" in second.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == "cancelled"
    assert Transfer.objects.count() == 1


def test_neighbor_admin_cannot_transfer_another_countys_teacher(
    client, teacher, neighbor_admin
):
    client.force_login(neighbor_admin)

    response = client.post(
        reverse("teachers:transfer_create", args=[teacher.pk]),
        {"to_county": "130104", "reason": "x"},
    )

    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_transfer_scope_shows_both_sides_and_their_cities(
    transfer, county_admin, neighbor_admin, city_admin, other_city_admin, jingxiu_admin
):
    visible = {
        admin.username: Transfer.objects.visible_to(admin).exists()
        for admin in (
            county_admin,
            neighbor_admin,
            city_admin,
            other_city_admin,
            jingxiu_admin,
        )
    }

    assert visible == {
        "changan": True,
        "qiaoxi": False,
        "sjz": True,
        "bd": True,
        "jingxiu": True,
    }

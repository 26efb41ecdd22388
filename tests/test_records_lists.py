"""The transfer and change-request lists: bounded queries, demo samples."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from teachers import services, transfers
from teachers.models import KeyFieldChangeRequest, Region, Transfer
from tests.factories import TeacherFactory
from tests.plugins.records import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def _make(count, unit, county_admin):
    qiaoxi = Region.objects.get(code="130104")
    for index in range(count):
        teacher = TeacherFactory(unit=unit)
        if index % 2:
            transfers.start_transfer(
                teacher=teacher, to_county=qiaoxi, actor=county_admin, reason="调动"
            )
        else:
            services.file_change_request(
                teacher=teacher,
                reason="更正",
                proof=upload("p.pdf", PDF_BYTES),
                new_name="新名字",
            )


@pytest.mark.parametrize("count", [2, 24])
@pytest.mark.parametrize(
    "name", ["teachers:transfer_list", "teachers:change_request_list"]
)
def test_lists_use_a_bounded_number_of_queries(
    client, county_admin, unit, count, name, django_assert_max_num_queries
):
    _make(count, unit, county_admin)
    client.force_login(county_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse(name))

    assert response.status_code == 200


def test_neighbor_sees_incoming_transfers_but_not_the_others_requests(
    client, neighbor_admin, county_admin, unit
):
    _make(4, unit, county_admin)
    client.force_login(neighbor_admin)

    transfers = client.get(reverse("teachers:transfer_list"))
    requests = client.get(reverse("teachers:change_request_list"))

    assert len(transfers.context["incoming"]) == 2
    assert len(requests.context["page"]) == 0
    assert KeyFieldChangeRequest.objects.count() == 2


def test_demo_data_has_a_lock_date_a_request_and_transfers_both_ways():
    call_command("load_demo", teachers=60, stdout=io.StringIO())

    assert services.key_fields_locked()
    assert KeyFieldChangeRequest.objects.filter(state="pending").count() == 1
    assert set(Transfer.objects.values_list("from_county", "to_county")) == {
        ("130102", "130104"),
        ("130682", "130102"),
    }


def test_dashboard_counts_what_waits_for_the_county(
    client, county_admin, neighbor_admin, unit
):
    _make(4, unit, county_admin)

    client.force_login(county_admin)
    own = client.get(reverse("manage:dashboard")).content.decode()
    client.force_login(neighbor_admin)
    neighbor = client.get(reverse("manage:dashboard")).content.decode()

    assert "待审核的关键字段申请" in own
    assert 'change-requests/">2</a>' in own and 'transfers/">0</a>' in own
    assert 'change-requests/">0</a>' in neighbor and 'transfers/">2</a>' in neighbor

import importlib
from pathlib import Path

import pytest

from accounts.scope import Role
from projects.models import Institution
from tests.factories import AdminFactory, TeacherFactory, UnitFactory

CHANGAN = "130102"  # 石家庄市长安区
QIAOXI = "130104"  # 石家庄市桥西区, the neighbouring county
SHIJIAZHUANG = "130100"
BAODING = "130600"

# Each area keeps its shared fixtures in tests/plugins/<area>.py.
pytest_plugins = [
    f"tests.plugins.{path.stem}"
    for path in sorted((Path(__file__).parent / "plugins").glob("*.py"))
    if path.stem != "__init__"
]


@pytest.fixture(autouse=True)
def _clean_outbox():
    from accounts.senders import MemorySender

    MemorySender.outbox.clear()
    yield
    MemorySender.outbox.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _regions_after_flush(request):
    """Transactional tests flush every table, including the regions that a data
    migration loaded; load them again before such a test."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from teachers.models import Region

    if not Region.objects.exists():
        migration = importlib.import_module("teachers.migrations.0002_load_regions")
        migration.load_regions(apps, None)


@pytest.fixture
def unit(db):
    """A primary school in 长安区."""
    return UnitFactory(name="石家庄市长安区实验小学")


@pytest.fixture
def other_unit(db):
    """A school in the neighbouring county 桥西区."""
    return UnitFactory(name="石家庄市桥西区实验小学", county_id=QIAOXI)


@pytest.fixture
def teacher(unit):
    """A teacher of 长安区 with the initial password: sees only their own space."""
    return TeacherFactory(unit=unit, name="张老师")


@pytest.fixture
def other_teacher(other_unit):
    """A teacher of 桥西区: outside the 长安区 admin's scope."""
    return TeacherFactory(unit=other_unit, name="李老师")


@pytest.fixture
def county_admin(db):
    """长安区 admin: its own county's teachers and units, read and write."""
    return AdminFactory(username="changan", role=Role.COUNTY_ADMIN, region_id=CHANGAN)


@pytest.fixture
def neighbor_admin(db):
    """桥西区 admin: same city, another county; sees nothing of 长安区."""
    return AdminFactory(username="qiaoxi", role=Role.COUNTY_ADMIN, region_id=QIAOXI)


@pytest.fixture
def city_admin(db):
    """石家庄市 admin: every county of the city, read-only on teachers."""
    return AdminFactory(username="sjz", role=Role.CITY_ADMIN, region_id=SHIJIAZHUANG)


@pytest.fixture
def other_city_admin(db):
    """保定市 admin: another city; sees nothing of 石家庄."""
    return AdminFactory(username="bd", role=Role.CITY_ADMIN, region_id=BAODING)


@pytest.fixture
def province_admin(db):
    """Province admin: the whole province."""
    return AdminFactory(
        username="province", role=Role.PROVINCE_ADMIN, region_id="130000"
    )


@pytest.fixture
def institution_staff(db):
    """Staff of a training institution: no teacher records, only its enrolments."""
    institution = Institution.objects.create(name="河北师范大学")
    return AdminFactory(
        username="hebnu", role=Role.INSTITUTION_STAFF, institution=institution
    )


@pytest.fixture
def teacher_user(teacher):
    """The teacher's login, past the forced first password change."""
    user = teacher.user
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return user


PERSONAS = (
    "anonymous",
    "teacher_user",
    "county_admin",
    "neighbor_admin",
    "city_admin",
    "other_city_admin",
    "province_admin",
    "institution_staff",
)


@pytest.fixture
def login_as(client, request):
    """Log the client in as a named persona (or stay anonymous)."""

    def _login(persona):
        if persona == "anonymous":
            return None
        user = request.getfixturevalue(persona)
        client.force_login(user)
        return user

    return _login

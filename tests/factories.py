import datetime
import itertools
from importlib import import_module

import factory
from django.apps import apps

from accounts.models import User
from accounts.scope import Role
from teachers import choices
from teachers.demo import make_id_number
from teachers.models import Region, Teacher, Unit

_sequence = itertools.count(1)


def valid_id_number(county_code="130102", sex="male", birth=None) -> str:
    """A fresh, valid ID number; the sequence keeps numbers unique."""
    birth = birth or datetime.date(1985, 1, 1) + datetime.timedelta(
        days=next(_sequence)
    )

    class _Seq:
        def randrange(self, *_args):
            return next(_sequence) % 500

    return make_id_number(_Seq(), county_code, birth, sex)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试第{n}小学")
    county = factory.LazyFunction(lambda: Region.objects.get(code="130102"))
    region_type = choices.SchoolRegionType.URBAN
    category = choices.UnitCategory.PRIMARY
    organizer = choices.Organizer.EDUCATION


class AdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"admin{n}")
    name = factory.Sequence(lambda n: f"管理员{n}")
    role = Role.COUNTY_ADMIN
    password = factory.django.Password("Admin@2026")


class TeacherFactory(factory.django.DjangoModelFactory):
    """A teacher with the initial-password state, as a county import creates."""

    class Meta:
        model = Teacher

    name = factory.Sequence(lambda n: f"教师{n}")
    unit = factory.SubFactory(UnitFactory)
    county = factory.SelfAttribute("unit.county")
    id_number = factory.LazyAttribute(lambda o: valid_id_number(o.county.code))
    sex = "male"
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    user = factory.LazyAttribute(
        lambda o: User.objects.create(
            username=o.id_number,
            name=o.name,
            role=Role.TEACHER,
            password="!initial",
            uses_initial_password=True,
            must_change_password=True,
        )
    )


def reload_regions_if_flushed():
    """Put back the regions a data migration loads, if a test flushed them.

    A transactional test (the live server's, for one) ends by emptying every
    table, so a later transactional test in the same process finds no regions.
    """
    if not Region.objects.exists():
        migration = import_module("teachers.migrations.0002_load_regions")
        migration.load_regions(apps, None)

"""Demo data: units in several counties and teachers with valid ID numbers.

Teachers are inserted in bulk with the initial-password state, so no password
is hashed: 100,000 teachers load in seconds (DESIGN.md section 4).
"""

import datetime
import random

from django.db import transaction
from stdnum.cn import ric

from teachers import bulk_insert, choices
from teachers.models import Region, Teacher, Unit

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国"
    "志文俊峰雪梅海燕晓东丹宇欣怡子涵佳琪博文浩然思远振华春兰淑珍立新国强文静雅婷"
)
DEMO_COUNTIES = {
    "130102": ("长安区", "urban"),
    "130104": ("桥西区", "urban"),
    "130123": ("正定县", "town"),
    "130602": ("竞秀区", "urban"),
    "130682": ("定州市", "town"),
    "130638": ("雄县", "rural"),
    "130302": ("路南区", "urban"),
}
UNIT_KINDS = (
    ("第一中学", choices.UnitCategory.COMPLETE_MIDDLE),
    ("第二中学", choices.UnitCategory.JUNIOR),
    ("实验小学", choices.UnitCategory.PRIMARY),
    ("育才小学", choices.UnitCategory.PRIMARY),
    ("第一幼儿园", choices.UnitCategory.KINDERGARTEN),
    ("教师发展中心", choices.UnitCategory.DEVELOPMENT_CENTER),
)
STAGE_BY_CATEGORY = {
    choices.UnitCategory.COMPLETE_MIDDLE: "高中",
    choices.UnitCategory.JUNIOR: "初中",
    choices.UnitCategory.PRIMARY: "小学",
    choices.UnitCategory.KINDERGARTEN: "幼儿园",
    choices.UnitCategory.DEVELOPMENT_CENTER: "初中",
}
SUBJECTS = (
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "历史",
    "地理",
    "音乐",
    "美术",
    "体育与健康",
)


def make_id_number(
    rng: random.Random, county_code: str, birth: datetime.date, sex: str
):
    sequence = rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)
    body = f"{county_code}{birth:%Y%m%d}{sequence:03d}"
    # calc_check_digit expects the full number, with a placeholder check digit.
    return body + ric.calc_check_digit(body + "0")


def make_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


@transaction.atomic
def create_units() -> list[Unit]:
    units = []
    counties = Region.objects.select_related("parent").in_bulk(list(DEMO_COUNTIES))
    for code, (_name, region_type) in DEMO_COUNTIES.items():
        county = counties[code]
        for suffix, category in UNIT_KINDS:
            unit, _ = Unit.objects.get_or_create(
                county=county,
                name=f"{county.full_name}{suffix}",
                defaults={
                    "region_type": region_type,
                    "category": category,
                    "organizer": choices.Organizer.EDUCATION,
                },
            )
            units.append(unit)
    return units


def create_teachers(count: int, *, seed: int = 2026, batch_size: int = 5000) -> int:
    """Insert `count` teachers spread over the demo units; returns how many."""
    rng = random.Random(seed)
    units = list(Unit.objects.filter(county_id__in=DEMO_COUNTIES).exclude(
        category=choices.UnitCategory.DEVELOPMENT_CENTER))  # fmt: skip
    taken = set(Teacher.objects.values_list("id_number", flat=True))
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        people = []
        while len(people) < size:
            unit = rng.choice(units)
            sex = rng.choice(("male", "female"))
            birth = datetime.date(1965, 1, 1) + datetime.timedelta(
                days=rng.randrange(13000)
            )
            number = make_id_number(rng, unit.county_id, birth, sex)
            if number in taken:
                continue
            taken.add(number)
            people.append((unit, sex, birth, number, make_name(rng)))
        with transaction.atomic():
            bulk_insert.create_teachers_with_logins(
                [_teacher(rng, *person) for person in people]
            )
        created += size
    return created


def _teacher(rng, unit, sex, birth, number, name) -> Teacher:
    stage = STAGE_BY_CATEGORY[unit.category]
    return Teacher(
        name=name,
        id_number=number,
        sex=sex,
        birth_date=birth,
        ethnicity="汉族" if rng.random() < 0.95 else "回族",
        political_status=rng.choice(("中共党员", "群众", "共青团员")),
        phone=f"13{rng.randrange(10**9):09d}",
        county_id=unit.county_id,
        unit=unit,
        stage=stage,
        subject="学前教育" if stage == "幼儿园" else rng.choice(SUBJECTS),
        work_start_date=datetime.date(birth.year + 22, 9, 1),
        initial_education="本科",
        highest_education=rng.choice(("本科", "研究生(硕士)")),
        degree="学士",
        title=rng.choice(("一级教师", "二级教师", "高级教师")),
        post="专任教师",
        staffing_status="在编",
        mandarin_level="二级甲等",
    )

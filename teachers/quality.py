"""Data-quality rules (数据核查): each has a code, a label and a message.

A rule is either a database condition (counted and filtered in SQL) or a
check run in Python over a few columns (ID and certificate numbers need
checksums the database cannot compute). Either way a whole scope costs a fixed
number of queries: one aggregate for the SQL rules, one streamed read for the
Python rules, and two small lookups of duplicated ID numbers.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Length, Upper

from accounts.scope import get_visible_or_404
from teachers.choices import EmploymentStatus, IdType
from teachers.models import Region, Teacher, Unit
from teachers.stats import tier_below
from teachers.uploads import PHOTO_RATIO, PHOTO_RATIO_TOLERANCE
from teachers.validators import (
    MOBILE_PATTERN,
    validate_id_number,
    validate_qualification_number,
)

REQUIRED_TEXT_FIELDS = (
    "name",
    "ethnicity",
    "political_status",
    "phone",
    "stage",
    "subject",
    "highest_education",
)
REQUIRED_DATE_FIELDS = ("work_start_date",)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    message: str
    condition: Callable[[], Q] | None = None
    check: Callable[[tuple, object], bool] | None = None


# Columns read for the Python rules, in this order.
SCAN_FIELDS = (
    "pk",
    "id_type",
    "id_number",
    "sex",
    "birth_date",
    "qualification_type",
    "qualification_number",
)


def resident_id(row):
    """The ID number read from a scanned row: None when the teacher has another
    kind of ID, False when the number is invalid."""
    if row[1] != IdType.RESIDENT_ID:
        return None
    try:
        return validate_id_number(row[2])
    except ValidationError:
        return False


def _id_invalid(row, resident) -> bool:
    return resident is False


def _id_mismatch(row, resident) -> bool:
    if not resident:
        return False
    sex, birth_date = row[3], row[4]
    return bool(
        (sex and sex != resident.sex)
        or (birth_date and birth_date != resident.birth_date)
    )


def _qualification_invalid(row, _resident) -> bool:
    if not row[6]:
        return False
    try:
        validate_qualification_number(row[6], row[5])
    except ValidationError:
        return True
    return False


def _phone_invalid() -> Q:
    return ~Q(phone="") & ~Q(phone__regex=MOBILE_PATTERN.pattern)


def _phone_shared() -> Q:
    shared = (
        Teacher.objects.filter(employment_status=EmploymentStatus.ACTIVE)
        .exclude(phone="")
        .values("phone")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("phone")
    )
    return Q(phone__in=shared)


def _unit_invalid() -> Q:
    return (
        Q(unit__isnull=True)
        | Q(unit__is_active=False)
        | ~Q(unit__county_id=F("county_id"))
    )


def _photo_missing() -> Q:
    return Q(photo="")


def _photo_shape() -> Q:
    # The upload check's ratio band, multiplied out so SQL never divides. A
    # photo whose size was never read (null) is not counted.
    height = F("photo_height")
    return ~Q(photo="") & (
        Q(photo_width__gt=height * (PHOTO_RATIO + PHOTO_RATIO_TOLERANCE))
        | Q(photo_width__lt=height * (PHOTO_RATIO - PHOTO_RATIO_TOLERANCE))
    )


def _required_missing() -> Q:
    condition = Q()
    for name in REQUIRED_TEXT_FIELDS:
        condition |= Q(**{name: ""})
    for name in REQUIRED_DATE_FIELDS:
        condition |= Q(**{f"{name}__isnull": True})
    return condition


def _id_duplicate() -> Q:
    return Q(id_number__in=duplicate_id_numbers())


RULES = (
    Rule(
        "id_invalid",
        "身份证号无效",
        "身份证号长度、出生日期、校验位或地区代码有误。",
        check=_id_invalid,
    ),
    Rule(
        "id_mismatch",
        "性别/出生日期与身份证不符",
        "性别或出生日期与身份证号中的信息不一致。",
        check=_id_mismatch,
    ),
    Rule(
        "id_duplicate",
        "身份证号重复",
        "同一身份证号（含大小写 x、15 位旧号）登记了不止一名教师。",
        condition=_id_duplicate,
    ),
    Rule(
        "phone_invalid",
        "手机号格式错误",
        "手机号不是以 13–19 开头的 11 位数字。",
        condition=_phone_invalid,
    ),
    Rule(
        "phone_shared",
        "手机号重复",
        "该手机号同时登记在多名在职教师名下。",
        condition=_phone_shared,
    ),
    Rule(
        "unit_invalid",
        "单位缺失或不符",
        "未填写单位，或单位已停用、不属于教师所在区县。",
        condition=_unit_invalid,
    ),
    Rule(
        "qualification_invalid",
        "教师资格证号有误",
        "教师资格证书号码结构、认定年度或资格种类与所填不一致。",
        check=_qualification_invalid,
    ),
    Rule(
        "photo_missing",
        "缺少证件照",
        "尚未上传证件照。",
        condition=_photo_missing,
    ),
    Rule(
        "photo_shape",
        "证件照尺寸不符",
        "证件照宽高比不是一寸照（宽 25 毫米 × 高 35 毫米，如 295×413 像素）。",
        condition=_photo_shape,
    ),
    Rule(
        "required_missing",
        "必填项为空",
        "姓名、民族、政治面貌、手机号、学段、学科、最高学历或参加工作时间未填写。",
        condition=_required_missing,
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
CHOICES = [(rule.code, rule.label) for rule in RULES]


def duplicate_id_numbers() -> set[str]:
    """Stored ID numbers that name the same person as another row.

    The column is unique, so duplicates differ only in the case of a final x
    or in the old 15-digit form of an 18-digit number.
    """
    upper = (
        Teacher.objects.annotate(key=Upper("id_number"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    numbers = set()
    for key in upper:
        numbers.update({key, key[:-1] + key[-1].lower()})
    fifteen = {}
    for number in (
        Teacher.objects.annotate(size=Length("id_number"))
        .filter(size=15)
        .values_list("id_number", flat=True)
    ):
        try:
            fifteen[validate_id_number(number).number] = number
        except ValidationError:
            continue
    if fifteen:
        for number in Teacher.objects.filter(id_number__in=fifteen).values_list(
            "id_number", flat=True
        ):
            numbers.update({number, fifteen[number]})
    return numbers


def scope_teachers(user) -> QuerySet:
    """The teachers the rules look at: active ones in the admin's scope."""
    return Teacher.objects.visible_to(user).filter(
        employment_status=EmploymentStatus.ACTIVE
    )


def filter_teachers(teachers: QuerySet, code: str) -> "QuerySet | MatchedTeachers":
    """The teachers of `teachers` that break the rule `code`."""
    rule = RULES_BY_CODE[code]
    if rule.condition:
        return teachers.filter(rule.condition())
    matching = [
        row[0]
        for row in teachers.values_list(*SCAN_FIELDS).iterator(chunk_size=5000)
        if rule.check(row, resident_id(row))
    ]
    return MatchedTeachers(teachers, matching)


class MatchedTeachers:
    """Teachers a Python rule matched, read from the database a page at a time.

    One filter on every matched key would pass the database's limit on query
    parameters (32,766 on SQLite) in a large scope, so only the keys of the
    rows asked for are sent. It offers what the teacher list, its paginator and
    its export use of a queryset, in the order of the scanned rows.
    """

    def __init__(self, teachers: QuerySet, pks: list[int]):
        self.teachers = teachers
        self.pks = pks

    def select_related(self, *fields) -> "MatchedTeachers":
        return MatchedTeachers(self.teachers.select_related(*fields), self.pks)

    def count(self) -> int:
        return len(self.pks)

    def __len__(self) -> int:
        return len(self.pks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(self.pks[index])
        return self._fetch([self.pks[index]])[0]

    def __iter__(self):
        return self.iterator()

    def iterator(self, chunk_size: int = 500):
        for start in range(0, len(self.pks), chunk_size):
            yield from self._fetch(self.pks[start : start + chunk_size])

    def _fetch(self, pks: list[int]) -> list[Teacher]:
        # in_bulk splits long key lists to fit the parameter limit. A teacher
        # who left the scope since the scan is simply not found.
        found = self.teachers.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]


@dataclass
class Line:
    """One line of the report: a region or unit one tier below, or the total.

    `param` narrows the teacher list to the line's teachers (None when no
    filter of the list isolates them); `drill` is the region to open below.
    """

    code: str
    name: str
    param: str | None
    drill: str = ""
    counts: Counter = field(default_factory=Counter)
    teachers: int = 0

    def cells(self):
        return [(rule, self.counts.get(rule.code, 0)) for rule in RULES]

    @property
    def linked(self) -> bool:
        return self.param is not None


def _count_per_group(teachers: QuerySet, group: str) -> dict:
    """Per group (county or unit), the number of teachers and each rule's count."""
    aggregates = {"teachers": Count("id")}
    for rule in RULES:
        if rule.condition:
            aggregates[rule.code] = Count("id", filter=rule.condition())
    per_group: dict = defaultdict(Counter)
    for row in teachers.values(group).annotate(**aggregates).order_by():
        per_group[row.pop(group)].update(row)
    python_rules = [rule for rule in RULES if rule.check]
    fields = (group, *SCAN_FIELDS)
    for row in teachers.values_list(*fields).iterator(chunk_size=5000):
        counts = per_group[row[0]]
        scanned = row[1:]
        resident = resident_id(scanned)
        for rule in python_rules:
            if rule.check(scanned, resident):
                counts[rule.code] += 1
    return per_group


def viewed_region(user, code: str | None) -> Region:
    """The region the report shows: the admin's own, or the one `code` names
    when it reports to the admin's region; any other code answers 404."""
    regions = Region.objects.select_related("parent__parent")
    return get_visible_or_404(regions, user, code=code or user.region_id)


def trail(user, region: Region) -> list[Region]:
    """The regions from the admin's own down to `region`, for the breadcrumb."""
    path = [region]
    while path[-1].code != user.region_id and path[-1].parent_id:
        path.append(path[-1].parent)
    return path[::-1]


def _in_region(region: Region) -> Q:
    if region.level == Region.Level.PROVINCE:
        return Q()
    if region.level == Region.Level.CITY:
        return Q(county__parent_id=region.code)
    return Q(county_id=region.code)


def report(user, region: Region | None = None) -> tuple[list[Line], Line]:
    """Counts per rule in `region` (by default the admin's own; callers check it
    with `viewed_region`), by the tier below it, and the total."""
    region = region or user.region
    teachers = scope_teachers(user).filter(_in_region(region))

    if region.level == Region.Level.COUNTY:
        lines = _unit_lines(user, region, _count_per_group(teachers, "unit_id"))
    else:
        lines = _region_lines(region, _count_per_group(teachers, "county_id"))

    param = "" if region.level == Region.Level.PROVINCE else f"region={region.code}"
    total = Line(region.code, "合计", param)
    for line in lines:
        total.teachers += line.teachers
        total.counts.update(line.counts)
    return lines, total


def _line(code: str, name: str, counts: Counter, **options) -> Line:
    counts = Counter(counts)
    teachers = counts.pop("teachers", 0)
    return Line(code, name, counts=counts, teachers=teachers, **options)


def _unit_lines(user, county: Region, per_unit: dict) -> list[Line]:
    units = (
        Unit.objects.visible_to(user)
        .filter(county=county)
        .only("id", "name")
        .order_by("name")
    )
    lines = [
        _line(
            str(unit.pk),
            unit.name,
            per_unit.pop(unit.pk, Counter()),
            param=f"region={county.code}&unit={unit.pk}",
        )
        for unit in units
    ]
    # Teachers without a unit or with another county's unit (the unit_invalid
    # rule): no filter of the teacher list isolates them, so no link.
    others = Counter()
    for counts in per_unit.values():
        others.update(counts)
    if others:
        lines.append(_line("", "（无单位或单位不属于本区县）", others, param=None))
    return lines


def _region_lines(region: Region, per_county: dict) -> list[Line]:
    counties = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
    if region.level == Region.Level.CITY:
        counties = counties.filter(parent=region)
    lines: dict[str, Line] = {}
    for county in counties:
        below = tier_below(region, county)
        line = lines.setdefault(
            below.code,
            Line(below.code, below.name, f"region={below.code}", drill=below.code),
        )
        counts = Counter(per_county.get(county.code, Counter()))
        line.teachers += counts.pop("teachers", 0)
        line.counts.update(counts)
    return sorted(lines.values(), key=lambda line: line.code)


# Chinese characters, with the middle dot of minority and transliterated names.
NAME_PATTERN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·]+$")


def blocking_problems(teacher: Teacher) -> list[str]:
    """What stops this teacher from enrolling: name, ID number or phone wrong."""
    return problems_by_teacher([teacher])[teacher.pk]


def problems_by_teacher(teachers) -> dict:
    """`blocking_problems` for many teachers at once, keyed by teacher pk.

    Two queries whatever the number of teachers: one for other holders of
    their ID numbers, one for other active holders of their phones.
    """
    teachers = list(teachers)
    id_forms = {teacher.pk: _id_number_forms(teacher) for teacher in teachers}
    id_holders = _holders(Teacher.objects, "id_number", set().union(*id_forms.values()))
    phone_holders = _holders(
        Teacher.objects.filter(employment_status=EmploymentStatus.ACTIVE),
        "phone",
        {t.phone for t in teachers if MOBILE_PATTERN.fullmatch(t.phone)},
    )
    problems = {}
    for teacher in teachers:
        found = _record_problems(teacher)
        if any(id_holders[form] - {teacher.pk} for form in id_forms[teacher.pk]):
            found.append("身份证号与其他教师重复。")
        if not teacher.phone:
            found.append("手机号未填写。")
        elif not MOBILE_PATTERN.fullmatch(teacher.phone):
            found.append("手机号格式不正确。")
        elif phone_holders[teacher.phone] - {teacher.pk}:
            found.append("手机号与其他在职教师重复。")
        problems[teacher.pk] = found
    return problems


def _record_problems(teacher: Teacher) -> list[str]:
    """The problems read off the record itself, without a query."""
    problems = []
    if not teacher.name.strip():
        problems.append("姓名未填写。")
    elif not NAME_PATTERN.fullmatch(teacher.name):
        problems.append("姓名应为汉字（少数民族姓名可含“·”）。")
    if teacher.id_type == IdType.RESIDENT_ID:
        try:
            resident = validate_id_number(teacher.id_number)
        except ValidationError as error:
            problems.append("身份证号有误：" + "".join(error.messages))
        else:
            if teacher.sex and teacher.sex != resident.sex:
                problems.append("性别与身份证号不符。")
            if teacher.birth_date and teacher.birth_date != resident.birth_date:
                problems.append("出生日期与身份证号不符。")
    return problems


def _id_number_forms(teacher: Teacher) -> set[str]:
    """The ways the same person's number may have been stored."""
    number = teacher.id_number.upper()
    if not number:
        return set()
    forms = {number, number[:-1] + number[-1:].lower()}
    if len(number) == 18:
        forms.add(number[:6] + number[8:17])
    return forms


def _holders(teachers: QuerySet, field: str, values: set) -> defaultdict:
    holders = defaultdict(set)
    if values:
        rows = teachers.filter(**{f"{field}__in": values}).values_list(field, "pk")
        for value, pk in rows:
            holders[value].add(pk)
    return holders

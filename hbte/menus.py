"""The navigation: the teachers' top bar and personal space, the admin menu."""

from dataclasses import dataclass

from accounts.scope import Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    children: tuple = ()


TOP_NAV = (
    MenuItem("首页", "home"),
    MenuItem("学分银行", "credit_bank"),
    MenuItem("教师培训", "training"),
    MenuItem("名师工作室", "studios"),
    MenuItem("读书推荐", "reading"),
    MenuItem("直播中心", "live"),
)

SPACE_MENU = (
    MenuItem("基本信息", "space:profile"),
    MenuItem("继续教育", "space:training"),
    MenuItem("名师工作室", "space:studios"),
    MenuItem("读书推荐", "space:reading"),
    MenuItem(
        "成长轨迹",
        "space:honors",
        (MenuItem("荣誉", "space:honors"), MenuItem("教学成果", "space:achievements")),
    ),
    MenuItem("师德", "space:ethics"),
)

_DASHBOARD = MenuItem("工作台", "manage:dashboard")
_REGIONS = MenuItem("区域概况", "manage:regions")
_UNITS = MenuItem("单位管理", "teachers:unit_list")
_TEACHERS = MenuItem("教师管理", "teachers:teacher_list")
_PROJECTS = MenuItem("培训项目", "projects:project_list")
_INSTITUTIONS = MenuItem("承培机构", "projects:institution_list")

# Teacher records (issue 3).
_CHANGE_REQUESTS = MenuItem("关键字段审核", "teachers:change_request_list")
_TRANSFERS = MenuItem("教师异动", "teachers:transfer_list")
_KEY_FIELD_LOCK = MenuItem("锁定日期", "teachers:key_field_lock")
_QUALITY = MenuItem("数据核查", "bulk:quality")
_IMPORT = MenuItem("教师导入", "bulk:import")
_EXPORT_LOG = MenuItem("导出记录", "bulk:export_log")

ADMIN_MENUS = {
    Role.COUNTY_ADMIN: (_DASHBOARD, _TEACHERS, _UNITS, _QUALITY, _IMPORT, _PROJECTS),
    Role.CITY_ADMIN: (_DASHBOARD, _REGIONS, _TEACHERS, _UNITS, _QUALITY, _PROJECTS),
    Role.PROVINCE_ADMIN: (
        _DASHBOARD,
        _REGIONS,
        _TEACHERS,
        _UNITS,
        _QUALITY,
        _PROJECTS,
        _INSTITUTIONS,
        _EXPORT_LOG,
    ),
    Role.INSTITUTION_STAFF: (_DASHBOARD,),
}
for _role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
    ADMIN_MENUS[_role] += (_CHANGE_REQUESTS, _TRANSFERS)
ADMIN_MENUS[Role.PROVINCE_ADMIN] += (_KEY_FIELD_LOCK,)

# Institution staff: their projects, assigned enrollments and classes.
ADMIN_MENUS[Role.INSTITUTION_STAFF] += (
    MenuItem("承培项目", "classes:project_list"),
    MenuItem("参训学员", "classes:enrollment_list"),
    MenuItem("班级管理", "classes:class_list"),
)


def admin_menu(user):
    if not user.is_authenticated:
        return ()
    return ADMIN_MENUS.get(user.role, ())

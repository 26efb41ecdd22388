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
_QUALITY = MenuItem("数据核查", "bulk:quality")
_IMPORT = MenuItem("教师导入", "bulk:import")
_EXPORT_LOG = MenuItem("导出记录", "bulk:export_log")

ADMIN_MENUS = {
    Role.COUNTY_ADMIN: (_DASHBOARD, _TEACHERS, _UNITS, _QUALITY, _IMPORT),
    Role.CITY_ADMIN: (_DASHBOARD, _REGIONS, _TEACHERS, _UNITS, _QUALITY),
    Role.PROVINCE_ADMIN: (
        _DASHBOARD,
        _REGIONS,
        _TEACHERS,
        _UNITS,
        _QUALITY,
        _EXPORT_LOG,
    ),
    Role.INSTITUTION_STAFF: (_DASHBOARD,),
}


def admin_menu(user):
    if not user.is_authenticated:
        return ()
    return ADMIN_MENUS.get(user.role, ())

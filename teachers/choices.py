"""Choice lists of the teacher profile and the unit registry.

Sources are in ../shared/data/domain_facts.md (section f): GB/T 33782-2017 for
school region types and categories, GB/T 4762 for political status, and the
2015 title reform for professional titles.
"""

from django.db import models


def _choices(*labels):
    return [(label, label) for label in labels]


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    RESIDENCE_PERMIT = "residence_permit", "港澳台居民居住证"
    PASSPORT = "passport", "护照"


class SchoolRegionType(models.TextChoices):
    URBAN = "urban", "城区"
    TOWN = "town", "镇区"
    RURAL = "rural", "乡村"


class UnitCategory(models.TextChoices):
    KINDERGARTEN = "111", "幼儿园"
    PRIMARY = "211", "小学"
    JUNIOR = "311", "初级中学"
    NINE_YEAR = "312", "九年一贯制学校"
    COMPLETE_MIDDLE = "341", "完全中学"
    SENIOR = "342", "高级中学"
    TWELVE_YEAR = "345", "十二年一贯制学校"
    VOCATIONAL = "361", "中等职业学校"
    SPECIAL = "special", "特殊教育学校"
    EDUCATION_BUREAU = "bureau", "教育行政部门"
    RESEARCH = "research", "教研科研机构"
    DEVELOPMENT_CENTER = "development", "教师发展中心"
    TRAINING_SCHOOL = "training", "教师进修学校"
    OTHER = "other", "其他"


class Organizer(models.TextChoices):
    EDUCATION = "education", "教育部门"
    OTHER_DEPARTMENT = "department", "其他部门"
    ENTERPRISE = "enterprise", "地方企业"
    PUBLIC_INSTITUTION = "institution", "事业单位"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "民办"


ETHNICITIES = _choices(
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族",
    "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族",
    "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
    "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip

POLITICAL_STATUSES = _choices(
    "中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员",
    "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士",
    "群众",
)  # fmt: skip

EDUCATION_LEVELS = _choices(
    "研究生(博士)", "研究生(硕士)", "本科", "专科", "中专或高中", "初中及以下"
)
DEGREES = _choices("博士", "硕士", "学士", "无")
TITLES = _choices(
    "正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "未定职级"
)
STAGES = _choices("幼儿园", "小学", "初中", "高中", "中职", "特殊教育")
SUBJECTS = _choices(
    "语文", "数学", "英语", "日语", "俄语", "道德与法治", "思想政治", "历史", "地理",
    "科学", "物理", "化学", "生物学", "信息科技", "信息技术", "通用技术", "体育与健康",
    "音乐", "美术", "劳动", "综合实践活动", "心理健康", "学前教育", "特殊教育", "其他",
)  # fmt: skip
POSTS = _choices("专任教师", "校长", "副校长", "中层干部", "教研员", "其他")
QUALIFICATION_TYPES = [
    ("1", "幼儿园教师资格"),
    ("2", "小学教师资格"),
    ("3", "初级中学教师资格"),
    ("4", "高级中学教师资格"),
    ("5", "中等职业学校教师资格"),
    ("6", "中等职业学校实习指导教师资格"),
    ("7", "高等学校教师资格"),
]
MANDARIN_LEVELS = _choices(
    "一级甲等", "一级乙等", "二级甲等", "二级乙等", "三级甲等", "三级乙等", "未测试"
)
BACKBONE_LEVELS = _choices("无", "校级", "县级", "市级", "省级", "国家级")
STAFFING_STATUSES = _choices("在编", "非在编", "特岗", "代课")


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", "在职"
    LEFT = "left", "离职"
    RETIRED = "retired", "退休"

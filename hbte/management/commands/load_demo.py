import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.scope import Role
from projects import demo as project_demo
from projects.models import Institution
from teachers import demo, demo_records

DEMO_PASSWORD = "Hbte@2026"

# username, display name, role, region code
DEMO_ADMINS = (
    ("province_admin", "省级项目管理员", Role.PROVINCE_ADMIN, "130000"),
    ("sjz_admin", "石家庄市管理员", Role.CITY_ADMIN, "130100"),
    ("bd_admin", "保定市管理员", Role.CITY_ADMIN, "130600"),
    ("changan_admin", "长安区管理员", Role.COUNTY_ADMIN, "130102"),
    ("qiaoxi_admin", "桥西区管理员", Role.COUNTY_ADMIN, "130104"),
    ("dingzhou_admin", "定州市管理员", Role.COUNTY_ADMIN, "130682"),
)


class Command(BaseCommand):
    help = "Load demo data (units, teachers, one account per role) and print logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--teachers", type=int, default=300, help="how many teachers to create"
        )

    def handle(self, *args, teachers, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username="province_admin").exists():
            self.stdout.write("演示数据已存在，跳过加载。")
        else:
            started = time.perf_counter()
            self._load(teachers)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"已加载演示数据：{teachers} 名教师，用时 {elapsed:.1f} 秒。"
            )
        self._print_logins()

    @transaction.atomic
    def _load(self, teacher_count):
        user_model = get_user_model()
        demo.create_units()
        institution, _ = Institution.objects.get_or_create(
            name="河北师范大学",
            defaults={
                "short_name": "河北师大",
                "platform_url": "https://learn.example.edu.cn/",
                "contact_person": "李老师",
                "contact_phone": "0311-80780000",
            },
        )
        for username, name, role, region in DEMO_ADMINS:
            user = user_model(username=username, name=name, role=role, region_id=region)
            user.set_password(DEMO_PASSWORD)
            user.save()
        staff = user_model(
            username="hebnu_staff",
            name="河北师大培训部",
            role=Role.INSTITUTION_STAFF,
            institution=institution,
        )
        staff.set_password(DEMO_PASSWORD)
        staff.save()
        user_model.objects.create_superuser("ops", password=DEMO_PASSWORD, name="运维")
        demo.create_teachers(teacher_count)
        demo_records.create_samples()
        project_demo.create_projects()
        demo_records.create_flawed_records()

    def _print_logins(self):
        teacher = project_demo.demo_teacher()
        lines = ["", f"演示账号（管理员密码均为 {DEMO_PASSWORD}）："]
        for username, name, _role, _region in DEMO_ADMINS:
            lines.append(f"  {name:<12} {username}")
        lines.append(f"  {'承培机构':<12} hebnu_staff")
        lines.append(f"  {'运维超级用户':<12} ops（/ops/）")
        if teacher:
            lines.append(
                f"  {'教师':<12} {teacher.id_number}"
                f"（{teacher.name}，初始密码 {teacher.id_number[-6:]}，首次登录须修改）"
            )
        lines.append("  登录页验证码按图片填写。")
        self.stdout.write("\n".join(lines))

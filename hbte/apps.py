from django.apps import AppConfig


class HbteConfig(AppConfig):
    name = "hbte"
    verbose_name = "平台"

from django.db import models


class Institution(models.Model):
    """A training institution (承培机构), such as a university."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    platform_url = models.URLField("远程学习平台地址", blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "承培机构"
        verbose_name_plural = "承培机构"

    def __str__(self):
        return self.name

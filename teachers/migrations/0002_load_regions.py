"""Load the province, its 11 cities and 167 counties, and the special units.

The data is fixtures/hebei_divisions.csv (GB/T 2260, MCA 2024) and
fixtures/hebei_special_units.csv. Dingzhou and Xinji report to the province
directly; the counties of Xiong'an report to the Xiong'an New Area (133100, an
application-level code, not a GB/T 2260 one).
"""

import csv
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _rows(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(apps, schema_editor):
    Region = apps.get_model("teachers", "Region")
    divisions = _rows("hebei_divisions.csv")
    specials = {row["code"]: row for row in _rows("hebei_special_units.csv")}

    province_direct = {
        code for code, row in specials.items() if row["kind"].startswith("省直管")
    }
    new_areas = {
        code: row["member_codes"].split(";")
        for code, row in specials.items()
        if code not in province_direct
    }
    area_of = {member: code for code, members in new_areas.items() for member in members}
    province_code = next(row["code"] for row in divisions if row["level"] == "province")

    for level in ("province", "city"):
        Region.objects.bulk_create(
            Region(code=row["code"], name=row["name"], level=level,
                   parent_id=row["parent_code"] or None,
                   standard_parent_code=row["parent_code"])
            for row in divisions
            if row["level"] == level
        )  # fmt: skip
    Region.objects.bulk_create(
        Region(code=code, name=specials[code]["name"], level="city",
               parent_id=province_code, standard_parent_code=province_code,
               is_standard_code=False)
        for code in new_areas
    )  # fmt: skip
    counties = []
    for row in divisions:
        if row["level"] != "county":
            continue
        code = row["code"]
        parent = row["parent_code"]
        if code in province_direct:
            parent = province_code
        elif code in area_of:
            parent = area_of[code]
        counties.append(
            Region(code=code, name=row["name"], level="county", parent_id=parent,
                   standard_parent_code=row["parent_code"],
                   is_province_direct=code in province_direct)
        )  # fmt: skip
    Region.objects.bulk_create(counties)


def unload_regions(apps, schema_editor):
    apps.get_model("teachers", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("teachers", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]

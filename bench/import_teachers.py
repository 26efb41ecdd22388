"""Benchmark of the teacher import (run by hand, not a test).

    python bench/import_teachers.py [--rows 100000] [--existing 100000]

Uses DATABASE_URL (default: a scratch SQLite file var/bench.sqlite3, recreated
on each run). Loads `--existing` teachers with teachers.demo, writes a
`--rows` teacher workbook for 长安区, then in the same run:

1. reads it bare with openpyxl's read-only mode (the yardstick);
2. imports it (validate every row, then apply in one transaction), timed;
3. re-imports it (every row now an update), and a tenth of it, each in a
   fresh process, and prints that process's peak resident set and the peak
   of tracemalloc, to show whether memory grows with the file.
"""

import argparse
import datetime
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = ROOT / "var" / "bench.sqlite3"


def setup_django(*, migrate: bool = True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hbte.settings")
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SCRATCH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", verbosity=0)


def write_workbook(path: Path, rows: int, units: list, taken: set) -> None:
    from openpyxl import Workbook

    from teachers import demo
    from teachers.importing import COLUMNS

    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("教师信息")
    sheet.append([column.label for column in COLUMNS])
    written = 0
    while written < rows:
        sex = rng.choice(("male", "female"))
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(
            days=rng.randrange(13000)
        )
        number = demo.make_id_number(rng, "130102", birth, sex)
        if number in taken:
            continue
        taken.add(number)
        unit = rng.choice(units)
        sheet.append(
            [
                demo.make_name(rng), number, f"13{rng.randrange(10**9):09d}",
                unit, "汉族", "群众", "", "小学", "数学",
                f"{birth.year + 22}-09-01", "本科", "本科", "学士", "河北师范大学",
                "数学与应用数学", "一级教师", "专任教师", "否", "否",
                "小学教师资格", qualification(rng, birth),
                "数学", "二级甲等", "无", "是", "在编",
            ]
        )  # fmt: skip
        written += 1
    workbook.save(path)


def qualification(rng, birth: datetime.date) -> str:
    year = max(birth.year, 1975) + 22
    return f"{year}1300021{rng.randrange(10**6):06d}"


def bare_read(path: Path) -> tuple[int, float]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True)
    count = sum(1 for _row in workbook.active.iter_rows(values_only=True)) - 1
    workbook.close()
    return count, time.perf_counter() - start


def run_import(path: Path, admin):
    from django.core.files.base import ContentFile

    from teachers import importing
    from teachers.models import BulkJob, private_storage

    job = BulkJob.objects.create(
        kind=BulkJob.Kind.TEACHER_IMPORT,
        created_by=admin,
        county_id="130102",
        source_name=path.name,
    )
    job.source_file = private_storage().save(
        f"imports/bench-{job.pk}.xlsx", ContentFile(path.read_bytes())
    )
    job.save(update_fields=["source_file"])
    start = time.perf_counter()
    importing.validate(job=job)
    checked = time.perf_counter()
    importing.apply(job=job, actor=admin)
    done = time.perf_counter()
    job.refresh_from_db()
    private_storage().delete(job.source_file)
    if job.error_file:
        private_storage().delete(job.error_file)
    return job, checked - start, done - checked


def peak_memory(path: Path) -> tuple[float, float]:
    """Peak resident set and traced Python peak (MB) of a re-import of `path`,
    measured in a fresh process so earlier work does not count."""
    rss = subprocess.run(
        [sys.executable, __file__, "--memory", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return float(rss[-2]), float(rss[-1])


def memory_child(path: Path) -> None:
    from accounts.models import User

    admin = User.objects.get(username="bench-admin")
    tracemalloc.start()
    job, _, _ = run_import(path, admin)
    traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    assert job.state == "done", job.message
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rss:.1f} {traced:.1f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--memory", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django(migrate=not args.memory)
    if args.memory:
        memory_child(Path(args.memory))
        return

    from django.db import connection

    from accounts.models import User
    from accounts.scope import Role
    from teachers import demo
    from teachers.models import Teacher, Unit

    demo.create_units()
    start = time.perf_counter()
    demo.create_teachers(args.existing, seed=11)
    print(f"database: {connection.vendor}; loaded {Teacher.objects.count()} "
          f"teachers in {time.perf_counter() - start:.1f} s")  # fmt: skip
    admin, _ = User.objects.get_or_create(
        username="bench-admin",
        defaults={"role": Role.COUNTY_ADMIN, "region_id": "130102"},
    )
    units = list(
        Unit.objects.filter(county_id="130102", is_active=True).values_list(
            "name", flat=True
        )
    )
    taken = set(Teacher.objects.values_list("id_number", flat=True))
    path = ROOT / "var" / f"bench-{args.rows}.xlsx"
    small = ROOT / "var" / f"bench-{args.rows // 10}.xlsx"
    write_workbook(path, args.rows, units, set(taken))
    write_workbook(small, args.rows // 10, units, set(taken))
    print(f"file: {path.name}, {path.stat().st_size / 1024 / 1024:.1f} MB")

    count, seconds = bare_read(path)
    print(f"bare openpyxl read-only: {count} rows in {seconds:.1f} s = "
          f"{count / seconds:,.0f} rows/s")  # fmt: skip
    bare_rate = count / seconds

    job, check, apply = run_import(path, admin)
    assert job.state == "done", job.message
    rate = job.new_count / (check + apply)
    print(f"import: {job.new_count} new, {job.rejected_count} rejected; "
          f"validate {check:.1f} s + apply {apply:.1f} s = "
          f"{rate:,.0f} rows/s ({rate / bare_rate:.2f}x the bare read)")  # fmt: skip

    for sample in (small, path):
        rss, traced = peak_memory(sample)
        print(f"re-import of {sample.name} (all updates), in its own process: "
              f"peak resident set {rss:.0f} MB, "
              f"traced Python peak {traced:.1f} MB")  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident set size of the whole run: {rss:.0f} MB")
    print(f"teachers in the database now: {Teacher.objects.count()}")


if __name__ == "__main__":
    main()

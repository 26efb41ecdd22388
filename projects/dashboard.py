"""Counts for the institution staff's dashboard (a fixed number of queries)."""

from django.db.models import Count

from projects.class_forms import institution_projects
from projects.models import Enrollment, TrainingClass

State = Enrollment.State

# Dashboard cards: label and the enrollment states each one counts.
CARDS = (
    ("待分班学员", (State.ASSIGNED,)),
    ("已分班待报到", (State.PLACED, State.NOTIFIED)),
    ("已报到待录成绩", (State.CHECKED_IN,)),
    ("已结业", (State.PASSED, State.FAILED)),
)


def institution_totals(user) -> dict:
    """Projects, classes and enrollments of the user's institution by stage."""
    per_state = dict(
        Enrollment.objects.visible_to(user)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    cards = [
        {
            "label": label,
            "count": sum(per_state.get(state, 0) for state in states),
            "state": states[0].value if len(states) == 1 else "",
        }
        for label, states in CARDS
    ]
    return {
        "projects": institution_projects(user).count(),
        "classes": TrainingClass.objects.visible_to(user).count(),
        "cards": cards,
    }

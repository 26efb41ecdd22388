"""Private files (photos, proof documents), served only after a scope check.

The files live in the `private` storage, which has no URL; these views are the
only way to read them. Teachers reach their own files, region admins the files
of teachers in their scope, everyone else gets 404.
"""

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from accounts.scope import get_visible_or_404
from teachers.models import KeyFieldChangeRequest, Teacher, TeacherEvent
from teachers.uploads import CONTENT_TYPES

TEACHER_FILES = ("photo", "avatar")


def _serve(field_file):
    if not field_file:
        raise Http404
    suffix = PurePosixPath(field_file.name).suffix.lower()
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(suffix, "application/octet-stream")
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f"inline; filename=file{suffix}"
    return response


@login_required
def teacher_file(request, pk, kind):
    if kind not in TEACHER_FILES:
        raise Http404
    teacher = get_visible_or_404(Teacher.objects, request.user, pk=pk)

    return _serve(getattr(teacher, kind))


@login_required
def change_request_proof(request, pk):
    change_request = get_visible_or_404(
        KeyFieldChangeRequest.objects, request.user, pk=pk
    )

    return _serve(change_request.proof)


@login_required
def event_proof(request, pk):
    event = get_visible_or_404(TeacherEvent.objects, request.user, pk=pk)

    return _serve(event.proof)

"""Transfers (异动): started by the releasing county, answered by the receiving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import REGION_ADMIN_ROLES, Role, get_visible_or_404, require_role
from teachers import transfers
from teachers.forms import AcceptTransferForm, RefuseForm, TransferForm
from teachers.models import Teacher, Transfer

PAGE_SIZE = 20
RELATED = (
    "teacher",
    "from_county__parent",
    "to_county__parent",
    "from_unit",
    "to_unit",
    "created_by",
    "decided_by",
)


@login_required
def transfer_list(request):
    require_role(request.user, *REGION_ADMIN_ROLES)

    transfers = Transfer.objects.visible_to(request.user).select_related(*RELATED)
    pending = transfers.filter(state=Transfer.State.PENDING)
    if request.user.role == Role.COUNTY_ADMIN:
        county = request.user.region_id
        outgoing = list(pending.filter(from_county_id=county))
        incoming = list(pending.filter(to_county_id=county))
    else:
        outgoing, incoming = list(pending), []
    history = transfers.exclude(state=Transfer.State.PENDING)
    page = Paginator(history, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {
        "outgoing": outgoing,
        "incoming": incoming,
        "page": page,
        "is_county": request.user.role == Role.COUNTY_ADMIN,
    }
    return render(request, "teachers/transfer_list.html", context)


@login_required
def transfer_create(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    teacher = get_visible_or_404(
        Teacher.objects.select_related("unit", "county__parent"), request.user, pk=pk
    )

    form = TransferForm(request.POST or None, teacher=teacher)
    if request.method == "POST" and form.is_valid():
        try:
            transfers.start_transfer(
                teacher=teacher,
                to_county=form.cleaned_data["to_county"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"已向{form.cleaned_data['to_county'].full_name}发起 {teacher.name} "
                "的异动，等待对方接收。",
            )
            return redirect("teachers:transfer_list")

    return render(
        request, "teachers/transfer_form.html", {"form": form, "teacher": teacher}
    )


def _fetch(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    return get_visible_or_404(
        Transfer.objects.select_related(*RELATED), request.user, pk=pk
    )


@login_required
def transfer_detail(request, pk):
    transfer = _fetch(request, pk)

    context = _detail_context(request, transfer)
    return render(request, "teachers/transfer_detail.html", context)


def _detail_context(request, transfer, **forms):
    user = request.user
    pending = transfer.state == Transfer.State.PENDING
    is_county = user.role == Role.COUNTY_ADMIN
    receiving = is_county and pending and user.region_id == transfer.to_county_id
    releasing = is_county and pending and user.region_id == transfer.from_county_id
    return {
        "transfer": transfer,
        "can_answer": receiving,
        "can_cancel": releasing,
        "accept_form": forms.get("accept_form")
        or (AcceptTransferForm(transfer=transfer) if receiving else None),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
    }


def _receiving(request, pk):
    transfer = _fetch(request, pk)
    require_role(request.user, Role.COUNTY_ADMIN)
    if request.user.region_id != transfer.to_county_id:
        raise Http404
    return transfer


@login_required
@require_POST
def transfer_accept(request, pk):
    transfer = _receiving(request, pk)

    form = AcceptTransferForm(request.POST, transfer=transfer)
    if form.is_valid():
        try:
            transfers.accept_transfer(
                transfer=transfer, actor=request.user, unit=form.cleaned_data["unit"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, f"已接收 {transfer.teacher.name}，其区县和单位已更新。"
            )
        return redirect("teachers:transfer_detail", pk=transfer.pk)

    context = _detail_context(request, transfer, accept_form=form)
    return render(request, "teachers/transfer_detail.html", context)


@login_required
@require_POST
def transfer_refuse(request, pk):
    transfer = _receiving(request, pk)

    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            transfers.refuse_transfer(
                transfer=transfer, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "已拒绝该异动，调出区县会看到拒绝理由。")
        return redirect("teachers:transfer_detail", pk=transfer.pk)

    context = _detail_context(request, transfer, refuse_form=form)
    return render(request, "teachers/transfer_detail.html", context)


@login_required
@require_POST
def transfer_cancel(request, pk):
    transfer = _fetch(request, pk)
    require_role(request.user, Role.COUNTY_ADMIN)
    if request.user.region_id != transfer.from_county_id:
        raise Http404

    try:
        transfers.cancel_transfer(transfer=transfer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "已撤回该异动。")
    return redirect("teachers:transfer_detail", pk=transfer.pk)

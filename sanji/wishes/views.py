"""Wish pages. Each view fetches with an access check, calls one service, and renders."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import scope
from sanji.core import selectors as core_selectors
from sanji.core.errors import InvalidInput, NotFound, SanjiError
from sanji.core.inputs import parse_id
from sanji.core.models import Area
from sanji.core.ratelimits import wish_limit
from sanji.moderation.selectors import held_reasons
from sanji.moderation.services import held_note

from . import selectors, services, transitions
from .contact import beneficiary_contact
from .duplicates import likely_duplicates
from .forms import SATISFACTION_CHOICES, VolunteerForm, WishForm
from .models import WishPhoto, WishState
from .photos import content_type_of
from .presenters import beneficiary_view, event_rows

#: The fields each action's form asks for, in order.
ACTION_FIELDS = {
    "approve": ["note"],
    "reject": ["reason"],
    "dispatch": ["assignee", "note"],
    "claim": ["as_claimer", "promised_date"],
    "decline": ["reason"],
    "release": ["reason"],
    "recall": ["reason"],
    "start": ["promised_date"],
    "fulfil": ["note", "photos"],
    "confirm": ["satisfaction", "note"],
    "dispute": ["reason"],
    "withdraw": ["reason"],
    "merge": ["into", "note"],
}


def _page(request, qs, per_page=20):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def board(request):
    community = request.GET.get("community")
    wishes = selectors.public_board(community_id=parse_id(community))
    return render(request, "wishes/board.html", {
        "page": _page(request, wishes),
        "communities": Area.objects.filter(level="community", wishes__isnull=False).distinct(),
        "community": community,
    })


@login_required
@wish_limit
def wish_new(request):
    """Make a wish (a resident) or enter one for a resident (staff: search, pick, write)."""
    if not rules.has_perm("wishes.make_wish", request.user):
        raise NotFound()
    staff = rules.has_perm("wishes.enter_for_resident", request.user)
    if request.method == "POST":
        form = WishForm(request.POST, request.FILES, on_behalf=staff)
    else:  # a search for a resident keeps what was already typed
        form = WishForm(initial=request.GET.dict(), on_behalf=staff)
    query = request.POST.get("q") or request.GET.get("q", "")
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("confirm_new") and not request.FILES.getlist("photos"):
            duplicates = likely_duplicates(request.user, text=data["text"], resident_id=data.get("resident"))
        if duplicates:
            return _new_page(request, form, staff, query, duplicates=duplicates, held=True)
        try:
            wish = services.wish_submit(
                actor=request.user, text=data["text"], resident=data.get("resident"),
                category=data["category"] or None, promised_value=data["promised_value"] or None,
                needs_policy=data.get("needs_policy", False), channel=data.get("channel") or None,
                photos=request.FILES.getlist("photos"),
            )
        except InvalidInput as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The wish was received. The community will review it by %(date)s.") % {
                "date": date_format(localtime(wish.review_due), "SHORT_DATE_FORMAT")})
            return redirect(wish.get_absolute_url())
    return _new_page(request, form, staff, query)


def _new_page(request, form, staff, query, *, duplicates=(), held=False):
    chosen = form["resident"].value() if staff else None
    residents = list(core_selectors.residents_in_scope(request.user, query=query)) if staff else []
    if chosen and not any(str(r.pk) == str(chosen) for r in residents):  # a choice is never dropped from the list
        picked = core_selectors.residents_in_scope(request.user, limit=None).filter(pk=parse_id(chosen)).first()
        residents = [picked, *residents] if picked else residents
    return render(request, "wishes/new.html", {
        "form": form, "on_behalf": staff, "query": query, "chosen": str(chosen or ""), "residents": residents,
        "duplicates": duplicates, "held": held,
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def duplicates(request):
    """Return the likely duplicates of the wish being typed (htmx fragment of the wish form)."""
    found = likely_duplicates(request.user, text=request.POST.get("text", "")[:1000],
                              resident_id=request.POST.get("resident"))
    return render(request, "wishes/_duplicates.html", {"duplicates": found, "held": False})


@login_required
def resident_choices(request):
    """Return the resident choices matching ``q`` (htmx fragment for the staff wish form)."""
    if not rules.has_perm("wishes.enter_for_resident", request.user):
        raise NotFound()
    query = request.GET.get("q", "")
    return render(request, "wishes/_resident_choices.html", {
        "residents": core_selectors.residents_in_scope(request.user, query=query), "query": query,
        "chosen": request.GET.get("resident", ""),
    })


@login_required
def mine(request):
    return render(request, "wishes/list.html", {
        "title": _("My wishes"), "page": _page(request, selectors.my_wishes(request.user)), "show_new": True,
    })


def _staff_only(request):
    if not rules.has_perm("wishes.follow_area", request.user):
        raise NotFound()


@login_required
def review(request):
    if not rules.has_perm("wishes.see_review_queue", request.user):
        raise NotFound()
    page = _page(request, selectors.review_queue(request.user))
    held = held_reasons(source=services.WISH_SOURCE, subject_ids=[wish.pk for wish in page])
    for wish in page:
        wish.held_note = held_note(held[wish.pk]) if wish.pk in held else ""
    return render(request, "wishes/list.html", {
        "title": _("Review queue"), "page": page, "show_due": "review_due", "show_new": True,
    })


@login_required
def followup(request):
    _staff_only(request)
    return render(request, "wishes/list.html", {
        "title": _("Follow-up visits"), "page": _page(request, selectors.followup_queue(request.user)),
        "show_due": "followup_due",
    })


@login_required
def all_in_scope(request):
    _staff_only(request)
    state = request.GET.get("state") or None
    area = request.GET.get("area")
    overdue = request.GET.get("overdue") == "1"
    wishes = selectors.wish_list(request.user, state=state if state in WishState.values else None,
                                 area_id=parse_id(area), overdue=overdue)
    return render(request, "wishes/list.html", {
        "title": _("Overdue wishes in my area") if overdue else _("Wishes in my area"), "page": _page(request, wishes),
        "states": WishState.choices, "state": state, "overdue": overdue,
        "areas": scope.areas_visible_to(request.user).exclude(level="grid"), "area": area,
        "filters": True, "show_due": "current",
    })


@login_required
def claim_board(request):
    return render(request, "wishes/list.html", {
        "title": _("Claim board"), "page": _page(request, selectors.claim_board(request.user)),
        "show_due": "claim_due",
    })


@login_required
def held(request):
    return render(request, "wishes/list.html", {
        "title": _("Wishes I hold"), "page": _page(request, selectors.held_wishes(request.user)),
        "show_due": "current",
    })


def _detail_context(request, wish, *, error=None, failed_action=None, values=None):
    user = request.user
    actions = transitions.available_actions(user, wish)
    can_dispatch = any(a.name == "dispatch" for a in actions)
    held = held_reasons(source=services.WISH_SOURCE, subject_ids=[wish.pk]) if rules.has_perm(
        "wishes.review_wish", user, wish) else {}
    return {
        "wish": wish,
        "held_note": held_note(held[wish.pk]) if wish.pk in held else "",
        "person": beneficiary_view(user, wish),
        "events": event_rows(user, wish),
        "actions": [{"spec": a, "fields": ACTION_FIELDS[a.name]} for a in actions],
        "duplicates": likely_duplicates(user, text=wish.text, resident_id=wish.beneficiary_id, exclude_id=wish.pk)
        if any(a.name == "merge" for a in actions) else [],
        "candidates": selectors.dispatch_candidates(wish) if can_dispatch else [],
        "can_dispatch": can_dispatch,
        "my_claimers": transitions.claimers_serving(user, wish) if any(a.name == "claim" for a in actions)
        else [],
        "satisfaction_choices": SATISFACTION_CHOICES,
        "can_record_volunteers": rules.has_perm("wishes.work_wish", user, wish)
        and wish.state in (WishState.CLAIMED, WishState.IN_PROGRESS, WishState.FULFILLED),
        "volunteer_form": VolunteerForm(),
        "photos": wish.photos.all(),
        "volunteers": wish.volunteers.select_related("volunteer"),
        "error": error,
        "failed_action": failed_action,
        "values": values or {},
    }


@login_required
def detail(request, pk):
    wish = selectors.wish_access(request.user, pk)
    return render(request, "wishes/detail.html", _detail_context(request, wish))


@login_required
@require_POST
def contact(request, pk):
    """Show the beneficiary's contact details (logged): a fragment for htmx, else the whole wish page."""
    wish = selectors.wish_access(request.user, pk)
    try:
        details = beneficiary_contact(actor=request.user, wish=wish)
    except NotFound:
        raise Http404 from None
    if request.headers.get("HX-Request"):
        return render(request, "wishes/_contact.html", {"contact": details})
    return render(request, "wishes/detail.html", {**_detail_context(request, wish), "contact": details})


@login_required
@require_POST
def act(request, pk, action):
    wish = selectors.wish_access(request.user, pk)
    params = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if request.FILES:
        params["photos"] = request.FILES.getlist("photos")
    try:
        transitions.transition(wish_id=wish.pk, action=action, actor=request.user, params=params)
    except NotFound:
        raise Http404 from None
    except SanjiError as error:
        wish = selectors.wish_access(request.user, pk)
        context = _detail_context(request, wish, error=error, failed_action=action, values=params)
        return render(request, "wishes/detail.html", context, status=error.status)
    messages.success(request, _("Done: %(action)s.") % {"action": transitions.ACTIONS[action].label})
    return redirect("wishes:detail", pk=pk)


@login_required
@require_POST
def volunteer_add(request, pk):
    wish = selectors.wish_access(request.user, pk)
    try:
        services.volunteer_record(wish_id=wish.pk, actor=request.user, name=request.POST.get("name", ""),
                                  hours=request.POST.get("hours", ""))
    except SanjiError as error:
        context = _detail_context(request, wish, error=error, failed_action="volunteer",
                                  values=request.POST.dict())
        return render(request, "wishes/detail.html", context, status=error.status)
    messages.success(request, _("Volunteer hours recorded."))
    return redirect("wishes:detail", pk=pk)


@login_required
def photo(request, pk, photo_pk):
    wish = selectors.wish_access(request.user, pk)
    item = WishPhoto.objects.filter(wish=wish, pk=photo_pk).first()
    if item is None:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type=content_type_of(item))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response

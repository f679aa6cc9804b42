"""Turn what a page or an API call asks for (area, months, category, group) into a ``Slice``."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sanji.core.errors import InvalidInput
from sanji.core.inputs import clean_text
from sanji.core.models import PriorityGroup
from sanji.wishes.models import ALL_GROUPS, DutyCategory, DutyType

from .access import dashboard_area
from .period import parse_period
from .selectors.wishes import Slice


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


def parse_category(raw) -> tuple[tuple[int, ...] | None, Choice | None]:
    """Return the duty type ids a category code stands for (a category's types, or one type), or None."""
    code = str(raw or "").strip()
    if not code:
        return None, None
    category = DutyCategory.objects.filter(code=code).first()
    if category is not None:
        return tuple(category.types.values_list("pk", flat=True)), Choice(code, category.name)
    duty_type = DutyType.objects.filter(code=code).first()
    if duty_type is not None:
        return (duty_type.pk,), Choice(code, duty_type.name)
    raise InvalidInput(_("There is no such category."), field="category")


def parse_group(raw) -> tuple[str, Choice | None]:
    """Return the priority group code asked for, or ``ALL_GROUPS``."""
    code = str(raw or "").strip()
    if code in ("", ALL_GROUPS):
        return ALL_GROUPS, None
    group = PriorityGroup.objects.filter(code=code).first()
    if group is None:
        raise InvalidInput(_("There is no such priority group."), field="group")
    return code, Choice(code, group.name)


@dataclass(frozen=True)
class Request:
    """A parsed request for figures: the slice and the names of its filters, for headings and links."""

    slice: Slice
    category: Choice | None
    group: Choice | None

    def query(self, **changes) -> dict:
        """Return the request's parameters (for links that keep the filters), with ``changes`` applied."""
        params = {
            "area": self.slice.area.code or str(self.slice.area.pk),
            "from": self.slice.period.first.strftime("%Y-%m"),
            "to": self.slice.period.last.strftime("%Y-%m"),
            "category": self.category.code if self.category else "",
            "group": self.group.code if self.group else "",
        }
        params.update(changes)
        return {k: v for k, v in params.items() if v}


def figures_request(user, params) -> Request:
    """Parse ``area``, ``from``, ``to``, ``category`` and ``group`` from ``params`` for ``user``.

    Raise ``NotFound`` for an area the user may not see and ``InvalidInput`` naming the bad field.
    """
    given = {name: clean_text(params.get(name), field=name, max_length=64)
             for name in ("area", "from", "to", "category", "group")}
    area = dashboard_area(user, given["area"])
    period = parse_period(given["from"], given["to"])
    types, category = parse_category(given["category"])
    group, group_choice = parse_group(given["group"])
    return Request(Slice(area, period, types, group), category, group_choice)

"""Who may see the figures (django-rules).

The figures are for the people who answer for the wishes of an area: the community party committee, the street
officers and the district administrators. Which area's figures a person sees is data (``access.dashboard_area``:
an area inside one of his or her review grants); this rule is the gate of the dashboard and the printed report.
"""

import rules

from .access import dashboard_areas


@rules.predicate
def answers_for_an_area(user):
    return bool(dashboard_areas(user))


rules.add_perm("insights.view_figures", rules.is_authenticated & answers_for_an_area)

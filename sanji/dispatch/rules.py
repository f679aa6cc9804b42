"""Who may propose, change and confirm batch dispatches (django-rules).

A batch answers the wishes waiting on the claim board of an area; the people who review wishes propose it, change
its lines and confirm or discard it: the community party committee, the street officers, the district. Which
batches a reviewer sees is data (``selectors.batches_visible``: the batch's area lies under one of his or her
grants); this rule is the gate of the batch pages. Who may dispatch one wish is ``wishes.review_wish``.
"""

import rules

from sanji.core import scope


@rules.predicate
def has_reviewer_grant(user):
    return scope.is_reviewer(user)


rules.add_perm("dispatch.run_batches", rules.is_authenticated & has_reviewer_grant)

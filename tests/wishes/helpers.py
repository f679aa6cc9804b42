"""Shortcuts that take a wish to a given state through the real transitions."""

from sanji.wishes import services
from sanji.wishes.transitions import transition

from ..factories import fresh


def submit(world, text="希望有人辅导孩子数学", **kw):
    return services.wish_submit(actor=fresh(world.resident_a), text=text, **kw)


def act(wish, action, user, **params):
    return transition(wish_id=wish.pk, action=action, actor=fresh(user), params=params)


def to_state(world, state: str):
    """Return a wish of resident A in ``state``, reached by the usual path."""
    wish = submit(world)
    steps = {
        "submitted": [],
        "rejected": [("reject", world.staff_a, {"reason": "不属于微心愿"})],
        "withdrawn": [("withdraw", world.resident_a, {})],
        "published": [("approve", world.staff_a, {})],
        "dispatched": [("approve", world.staff_a, {}), ("dispatch", world.staff_a, {"assignee": _claimer(world)})],
        "claimed": [("approve", world.staff_a, {}), ("claim", world.member_a, {})],
        "in_progress": [("approve", world.staff_a, {}), ("claim", world.member_a, {}), ("start", world.member_a, {})],
        "fulfilled": [("approve", world.staff_a, {}), ("claim", world.member_a, {}), ("start", world.member_a, {}),
                      ("fulfil", world.member_a, {"note": "已上门辅导三次"})],
        "closed": [("approve", world.staff_a, {}), ("claim", world.member_a, {}), ("start", world.member_a, {}),
                   ("fulfil", world.member_a, {"note": "已上门辅导三次"}),
                   ("confirm", world.resident_a, {"satisfaction": "satisfied"})],
        "merged": [("merge", world.staff_a, {"into": None})],
    }[state]
    if state == "merged":  # its original is a second wish of the same resident, made only for this state
        steps = [("merge", world.staff_a, {"into": submit(world).pk})]
    for action, user, params in steps:
        wish = act(wish, action, user, **params)
    return wish


def _claimer(world):
    return fresh(world.member_a).party_member.claimer.pk

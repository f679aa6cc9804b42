"""Where a row stands in the area tree, for the search's area filter and for scope."""

from django.core.exceptions import FieldDoesNotExist


def area_id_of(instance, path: str | tuple | None) -> int | None:
    """Return the id of the area ``path`` leads to from ``instance`` (``"community"``, ``"compound__community"``;
    of several paths, the first that leads somewhere).

    Related rows already loaded on the instance are followed for free; the rest of the way is one query. A path
    that leads nowhere (a missing link, a row gone) gives None.
    """
    if isinstance(path, tuple):
        return next((found for p in path if (found := area_id_of(instance, p)) is not None), None)
    if not path:
        return None
    if path == "pk":
        return instance.pk
    hops = path.split("__")
    obj = instance
    while len(hops) > 1 and obj._state.fields_cache.get(hops[0]) is not None:
        obj = obj._state.fields_cache[hops[0]]
        hops = hops[1:]
    try:
        first = obj._meta.get_field(hops[0])
    except FieldDoesNotExist:
        return None
    first_id = getattr(obj, first.attname, None)
    if len(hops) == 1 or first_id is None:
        return first_id
    rest = "__".join(hops[1:])
    return first.related_model._base_manager.filter(pk=first_id).values_list(f"{rest}_id", flat=True).first()

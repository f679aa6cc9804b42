"""Photos of a wish: of the need (from the resident or staff) and of the fulfilment (from the holder)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanji.core.errors import Forbidden, InvalidInput

from .models import PhotoKind, Wish, WishPhoto

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS_AT_ONCE = 6
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PERMISSION_BY_KIND = {PhotoKind.REQUEST: "wishes.add_request_photo", PhotoKind.EVIDENCE: "wishes.work_wish"}


def _check_photo(upload) -> None:
    if upload.size > MAX_PHOTO_BYTES:
        raise InvalidInput(_("A photo may be at most 8 MB."), field="photos")
    if getattr(upload, "content_type", None) not in PHOTO_TYPES:
        raise InvalidInput(_("Only JPEG, PNG or WebP photos are accepted."), field="photos")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InvalidInput(_("This file is not a readable photo."), field="photos") from None
    upload.seek(0)


@transaction.atomic
def photos_add(*, wish: Wish, actor, uploads, kind: str) -> list[WishPhoto]:
    """Attach photos after checking the actor's right, and each file's type, size and content.

    Call inside the transaction that holds the wish's row lock when it goes with a transition.
    """
    if kind not in PhotoKind.values:
        raise InvalidInput(_("Unknown photo kind."), field="kind")
    if not actor.has_perm(PERMISSION_BY_KIND[kind], wish):
        raise Forbidden()
    uploads = list(uploads)
    if len(uploads) > MAX_PHOTOS_AT_ONCE:
        raise InvalidInput(_("At most 6 photos at a time."), field="photos")
    for upload in uploads:
        _check_photo(upload)
    return [WishPhoto.objects.create(wish=wish, kind=kind, image=u, uploaded_by=actor) for u in uploads]



"""Photos of a wish: of the need (from the resident or staff) and of the fulfilment (from the holder).

A photo is accepted only when Pillow reads it as JPEG, PNG or WebP of a sane size; it is stored under a
random name with the extension of the format Pillow found, never the name or type the client sent, and
served with that image type only.
"""

import uuid
import warnings

import rules
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from sanji.core.errors import Forbidden, InvalidInput

from .models import PhotoKind, Wish, WishPhoto

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTOS_AT_ONCE = 6
#: Pillow format -> (extension, content type)
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
CONTENT_TYPES = {ext: content_type for ext, content_type in FORMATS.values()}
PERMISSION_BY_KIND = {
    PhotoKind.REQUEST: "wishes.add_request_photo",
    PhotoKind.EVIDENCE: "wishes.add_evidence_photo",
}


def photo_format(upload) -> str:
    """Return the file extension of the image in ``upload``, or raise ``InvalidInput``."""
    if upload.size > MAX_PHOTO_BYTES:
        raise InvalidInput(_("A photo may be at most 8 MB."), field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise InvalidInput(_("This file is not a readable photo."), field="photos") from None
    finally:
        upload.seek(0)
    if found not in FORMATS:
        raise InvalidInput(_("Only JPEG, PNG or WebP photos are accepted."), field="photos")
    if width * height > MAX_PHOTO_PIXELS:
        raise InvalidInput(_("This photo is too large; please send a smaller one."), field="photos")
    return FORMATS[found][0]


def content_type_of(photo: WishPhoto) -> str:
    return CONTENT_TYPES.get(photo.image.name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


@transaction.atomic
def photos_add(*, wish: Wish, actor, uploads, kind: str) -> list[WishPhoto]:
    """Attach photos after checking the actor's right, and each file's size, format and dimensions.

    Call inside the transaction that holds the wish's row lock when it goes with a transition.
    """
    if kind not in PhotoKind.values:
        raise InvalidInput(_("Unknown photo kind."), field="kind")
    if not rules.has_perm(PERMISSION_BY_KIND[kind], actor, wish):
        raise Forbidden()
    uploads = list(uploads)
    if not uploads:
        raise InvalidInput(_("Choose at least one photo."), field="photos")
    if len(uploads) > MAX_PHOTOS_AT_ONCE:
        raise InvalidInput(_("At most 6 photos at a time."), field="photos")
    extensions = [photo_format(upload) for upload in uploads]
    photos = []
    for upload, extension in zip(uploads, extensions, strict=True):
        upload.name = f"{uuid.uuid4().hex}.{extension}"
        photos.append(WishPhoto.objects.create(wish=wish, kind=kind, image=upload, uploaded_by=actor))
    return photos

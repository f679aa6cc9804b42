"""Photos of a wish: of the need (from the resident or staff) and of the fulfilment (from the holder).

A photo is accepted only when its first bytes say JPEG, PNG or WebP (``filetype``), Pillow reads it as that same
format, and it is within ``SANJI_PHOTO_MAX_BYTES`` and ``MAX_PHOTO_PIXELS``; the name and content type the client
sent are never trusted. It is stored under MEDIA_ROOT with a random name and the extension of the format found,
and served only by ``views.photo`` to people who may see the wish, with that image type only.
"""

import uuid
import warnings

import filetype
import rules
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sanji.core.errors import Forbidden, InvalidInput

from .models import PhotoKind, Wish, WishPhoto

MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTOS_AT_ONCE = 6
#: Pillow format -> (extension, content type)
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
#: What the first bytes must say: content type found by ``filetype`` -> the Pillow format it must read as.
MAGIC = {content_type: pillow for pillow, (_ext, content_type) in FORMATS.items()}
CONTENT_TYPES = {ext: content_type for ext, content_type in FORMATS.values()}
PERMISSION_BY_KIND = {
    PhotoKind.REQUEST: "wishes.add_request_photo",
    PhotoKind.EVIDENCE: "wishes.add_evidence_photo",
}


def _refusal(upload, message: str, **values) -> InvalidInput:
    """Return the refusal of ``upload``, naming the file as the person chose it (shortened)."""
    name = str(getattr(upload, "name", "") or "")[-80:]
    return InvalidInput(message % {"name": name, **values}, field="photos", extra={"name": name})


def photo_format(upload) -> str:
    """Return the file extension of the image in ``upload``, or raise ``InvalidInput`` naming the file."""
    limit = settings.SANJI_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise _refusal(upload, _("“%(name)s” is larger than %(mb)s MB; please send a smaller photo."),
                       mb=limit // (1024 * 1024))
    not_a_photo = _("“%(name)s” is not a photo: only JPEG, PNG or WebP pictures are accepted.")
    kind = filetype.guess(upload)  # the first bytes, whatever the name or the browser says
    upload.seek(0)
    if kind is None or kind.mime not in MAGIC:
        raise _refusal(upload, not_a_photo)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise _refusal(upload, _("“%(name)s” cannot be read as a photo; it may be damaged.")) from None
    finally:
        upload.seek(0)
    if found != MAGIC[kind.mime]:  # the first bytes say one format, the rest of the file another
        raise _refusal(upload, not_a_photo)
    if width * height > MAX_PHOTO_PIXELS:
        raise _refusal(upload, _("“%(name)s” has too many pixels; please send a smaller photo."))
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

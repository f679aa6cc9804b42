"""Model fields for personal data: stored encrypted, found again by a keyed hash.

``EncryptedTextField`` holds a phone number, an ID-card number, an address or a note about health or income. The
database sees only a Fernet token (``sanji.core.crypto``); Python sees the text. An empty value stays empty, so
"no phone given" needs no key. The field cannot be searched: only ``isnull`` and ``= ""`` are allowed, and a query
that tries more fails loudly rather than silently finding nothing.

``LookupHashField`` keeps the keyed hash of another field up to date whenever the row is written, and is what
queries compare: ``Resident.objects.filter(phone_hash__in=crypto.lookup_hashes("phone", typed))``. Models with such
fields derive from ``PersonalDataModel`` so that ``save(update_fields=["phone"])`` writes the hash as well.
"""

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; see the module docstring."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EncryptedEmptyExact
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted; search its LookupHashField instead of '{lookup_name}'"
        )

    def get_transform(self, name):
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted and has no '{name}' transform")


class EncryptedEmptyExact(Exact):
    """``field=""``: the one comparison an encrypted column can answer."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} is encrypted: compare its lookup hash, not its value")
        return ""


class LookupHashField(models.CharField):
    """The keyed hash of ``source`` (of one ``kind`` in ``crypto.NORMALISERS``), set on every write."""

    def __init__(self, *args, source: str, kind: str, **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.lookup_hash(self.kind, getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


class PersonalDataModel(models.Model):
    """A model with lookup hashes: writing a source field writes its hashes too."""

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = set(update_fields)
            update_fields |= {
                f.name for f in self._meta.concrete_fields
                if isinstance(f, LookupHashField) and f.source in update_fields
            }
        super().save(*args, update_fields=update_fields, **kwargs)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def hash_fields(model) -> list[LookupHashField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, LookupHashField)]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "sanji.property"
    label = "property"
    verbose_name = _("Red property management")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "sanji.cadres"
    label = "cadres"
    verbose_name = _("Young cadres down to the grassroots")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

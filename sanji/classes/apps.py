from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "sanji.classes"
    verbose_name = _("Wish classes and projects")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

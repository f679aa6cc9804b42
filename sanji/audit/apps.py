import functools

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sanji.audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import receivers

        receivers.install()
        _name_commands()
        _name_tasks()


def _name_commands() -> None:
    """Run every management command with the audit source ``cli:<command>``, however it is started
    (``sanji <command>``, ``manage.py``, ``call_command``): Django has no hook before a command, so
    ``BaseCommand.execute`` is wrapped once here."""
    from django.core.management.base import BaseCommand

    from .context import for_command

    execute = BaseCommand.execute
    if getattr(execute, "_sanji_audit", False):
        return

    @functools.wraps(execute)
    def execute_named(self, *args, **options):
        with for_command(type(self).__module__.rsplit(".", 1)[-1]):
            return execute(self, *args, **options)

    execute_named._sanji_audit = True
    BaseCommand.execute = execute_named


_task_tokens: dict = {}


def _name_tasks() -> None:
    """Give Celery tasks the source ``task:<name>`` (the in-process worker sets it itself, ``sanji.worker``)."""
    from celery.signals import task_postrun, task_prerun

    from . import context

    def started(task_id=None, task=None, **kwargs):
        manager = context.running_task(getattr(task, "name", None) or "unknown")
        manager.__enter__()
        _task_tokens[task_id] = manager

    def finished(task_id=None, **kwargs):
        manager = _task_tokens.pop(task_id, None)
        if manager is not None:
            manager.__exit__(None, None, None)

    task_prerun.connect(started, weak=False, dispatch_uid="sanji-audit-task-start")
    task_postrun.connect(finished, weak=False, dispatch_uid="sanji-audit-task-end")

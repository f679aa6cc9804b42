"""``sanji keys``: make keys for personal data at rest, see which rows are under old keys, and rotate them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sanji.core import crypto, key_rotation


class Command(BaseCommand):
    help = "Personal-data keys: `generate` prints new keys, `status` counts rows under old keys, `rotate` " \
           "re-encrypts them under the newest."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "status", "rotate"])

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)()
        except ValueError as exc:  # crypto.decrypt: a token of a key no longer in the ring
            raise CommandError(
                _("Some personal data cannot be decrypted with the keys in %(variable)s: put back the old key "
                  "after the new one, then run `sanji keys rotate`.") % {"variable": crypto.DATA_KEYS_ENV},
                returncode=2,
            ) from exc

    def generate(self):
        self.stdout.write(_("Put each new key first in its list, keep the old ones after it, restart, then run "
                            "`sanji keys rotate`."))
        self.stdout.write(f"{crypto.DATA_KEYS_ENV}={crypto.generate_data_key()}")
        self.stdout.write(f"{crypto.LOOKUP_KEYS_ENV}={crypto.generate_lookup_key()}")

    def status(self):
        counts = key_rotation.key_status()
        for count in counts:
            self.stdout.write(_("%(model)s: %(rows)s rows, %(stale)s under an older key")
                              % {"model": count.model, "rows": count.rows, "stale": count.stale})
        stale = sum(c.stale for c in counts)
        self.stdout.write(_("All personal data is under the newest keys.") if not stale else
                          _("Run `sanji keys rotate` before removing an old key."))

    def rotate(self):
        key_rotation.rotate_all(lambda model, rows: self.stdout.write(
            _("%(model)s: %(rows)s rows written under the newest keys") % {"model": model, "rows": rows}))

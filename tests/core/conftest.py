import pytest

from sanji.core import crypto


@pytest.fixture
def use_keys(settings):
    """Return ``use(data_keys, lookup_keys)``, which puts that key ring (lists, newest first) in the settings.

    The cached ring is forgotten before, at each switch and after, so no test sees another's keys; pytest-django
    puts the settings' own ring back after the test.
    """

    def use(data: list[str], lookup: list[str]) -> crypto.Keyring:
        settings.SANJI_KEYRING = crypto.parse_keyring(",".join(data), ",".join(lookup))
        crypto.forget_keyring()
        return settings.SANJI_KEYRING

    crypto.forget_keyring()
    yield use
    crypto.forget_keyring()

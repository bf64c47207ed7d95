from django.apps import AppConfig


class KringConfig(AppConfig):
    name = "kring"
    verbose_name = "Kring"

    def ready(self):
        from kring import auth_events  # noqa: F401  (audit receivers for allauth's and Django's auth signals)
        from kring.fragmenten import koppel_signalen
        from kring.lookups import IntegerIn  # noqa: F401  (registered on import: __in ignores out-of-range ids)

        koppel_signalen()

from django.apps import AppConfig


class KringConfig(AppConfig):
    name = "kring"
    verbose_name = "Kring"

    def ready(self):
        from kring import auth_events  # noqa: F401  (audit receivers for allauth's and Django's auth signals)
        from kring import lookups  # noqa: F401  (registers IntegerIn)
        from kring.fragmenten import koppel_signalen

        koppel_signalen()

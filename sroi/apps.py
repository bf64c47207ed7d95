from django.apps import AppConfig


class SroiConfig(AppConfig):
    name = "sroi"
    verbose_name = "SROI"

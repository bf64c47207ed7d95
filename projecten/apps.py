from django.apps import AppConfig


class ProjectenConfig(AppConfig):
    name = "projecten"
    verbose_name = "Projecten"

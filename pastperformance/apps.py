from django.apps import AppConfig


class PastperformanceConfig(AppConfig):
    name = "pastperformance"
    verbose_name = "Past performance"

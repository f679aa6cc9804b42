from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sanji.demo"
    label = "demo"
    verbose_name = "Demo district"

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "argmap.sources"

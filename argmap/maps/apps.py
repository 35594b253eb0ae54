from django.apps import AppConfig
from django.core.signals import request_started


class MapsConfig(AppConfig):
    name = "argmap.maps"

    def ready(self) -> None:
        from .services.history import start_request

        request_started.connect(start_request, dispatch_uid="argmap-touched-claims")

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "tremplin.library"
    label = "library"
    verbose_name = "Documents de référence du secteur"

    def ready(self):
        # Registers the "document changed" message in the message registry.
        from tremplin.library import services  # noqa: F401

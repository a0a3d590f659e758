"""Where uploaded import files wait between the steps of an import: a folder outside
``MEDIA_ROOT`` (never served by URL), read from ``settings.PRIVATE_FILES_ROOT`` each time so
tests can move it."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="tremplin.imports.storage.PrivateImportStorage")
class PrivateImportStorage(FileSystemStorage):
    @property
    def base_location(self):
        return os.fspath(settings.PRIVATE_FILES_ROOT / "imports")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Les fichiers importés ne sont jamais servis par une adresse.")


private_imports = PrivateImportStorage()

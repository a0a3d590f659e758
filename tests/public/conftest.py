from tests.directory.conftest import directory, places  # noqa: F401 — reused fixtures

from tests.training.conftest import centre_org, contracts, coordinator, group, trainer  # noqa: F401

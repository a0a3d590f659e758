"""Performance benchmarks. Run one with ``python -m bench <name>`` (e.g. ``directory_search``)."""

"""``python -m bench <name> [options]`` runs ``bench/<name>.py``'s ``main(argv)``;
``python -m bench all`` runs them all and prints one summary (``bench/_all.py``)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    folder = Path(__file__).parent
    return sorted(
        info.name for info in pkgutil.iter_modules([str(folder)]) if not info.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    names = available()
    if not argv:
        print("Usage : python -m bench <nom> [options]  (ou : make bench NAME=<nom>)")
        print("Benchmarks disponibles : " + ", ".join(names) + " ; ou « all » : tous.")
        return 0
    if argv[0] == "all":
        from bench._all import main as run_all

        return run_all(argv[1:], names)
    if argv[0] not in names:
        print("Usage : python -m bench <nom> [options]")
        print("Benchmarks disponibles : " + ", ".join(names))
        return 2
    module = importlib.import_module(f"bench.{argv[0]}")
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

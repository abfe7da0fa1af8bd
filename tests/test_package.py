"""The package's own docstring points only to names that exist."""

import importlib
import re

import sim


def test_every_name_the_package_docstring_points_to_exists():
    names = re.findall(r":(?:func|class|mod):`([\w.]+)`", sim.__doc__ or "")
    assert "sim.world.inputs.load_scenario" in names
    for name in names:
        module, _, attr = name.rpartition(".")
        try:
            importlib.import_module(name)  # a module
        except ModuleNotFoundError:
            assert hasattr(importlib.import_module(module), attr), name

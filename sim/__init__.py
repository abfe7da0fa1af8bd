"""yiwu-sim: discrete-event simulation of Yiwu market logistics and the Yixin'ou rail lines.

The public entry points are :class:`sim.model.Model` (one replication),
:func:`sim.scenario.schema.load_scenario` (read and validate a scenario file) and the command line
``yiwu-sim``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yiwu-sim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]

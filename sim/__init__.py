"""yiwu-sim: discrete-event simulation of Yiwu market logistics and the Yixin'ou rail lines.

The public entry points are :func:`sim.world.inputs.load_scenario` (read and validate a
scenario file), :class:`sim.model.Model` (one replication), the experiments of
:mod:`sim.experiment` (replications, comparisons, sweeps), :mod:`sim.figures` (matplotlib figures
of saved results, with the ``figures`` extra) and the command line ``yiwu-sim``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yiwu-sim")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]

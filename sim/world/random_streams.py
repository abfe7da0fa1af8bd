"""Named, independent random streams for one replication.

Each actor type draws from its own stream (``"buyers"``, ``"orders"``, ``"rail_dwell"``...). A
stream's generator is seeded from the replication's seed *and the stream's name* (through a
``numpy.random.SeedSequence`` spawn key), so adding a new stream never shifts the numbers another
stream produces. This is what gives common random numbers across scenarios for paired comparison.
No global random state is touched anywhere in the package.
"""

from __future__ import annotations

import zlib

import numpy as np


def check_seed(seed: object, where: str = "seed") -> int:
    """``seed`` if it is a seed (a whole number 0 .. 2^63 - 1), else a
    :class:`~sim.errors.ScenarioError` naming ``where``: every seed, of a run or the root of
    replications, passes here, whether from a scenario, ``--seed`` or Python."""
    from sim.errors import ScenarioError
    from sim.problems import worded
    from sim.scenario.schema import seed_problem

    problem = seed_problem(seed)
    if problem:
        raise ScenarioError([worded(problem.code, problem, at=where, **problem.fields)])
    return int(seed)  # type: ignore[call-overload]  # checked: an integer in range


def stream_key(name: str) -> int:
    """Stable 32-bit key of a stream name (CRC-32 does not depend on ``PYTHONHASHSEED``)."""
    return zlib.crc32(name.encode("utf-8"))


class RandomStreams:
    """Factory of named ``numpy.random.Generator`` objects for one seed.

    Parameters
    ----------
    seed
        The replication's seed (a non-negative integer).
    """

    def __init__(self, seed: int) -> None:
        self.seed = check_seed(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        """Return the generator of stream ``name`` (created on first use, then reused)."""
        gen = self._streams.get(name)
        if gen is None:
            seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(stream_key(name),))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._streams[name] = gen
        return gen


def replication_seeds(root_seed: int, n: int) -> list[int]:
    """Seeds of ``n`` independent replications spawned from one root seed.

    The i-th seed does not depend on ``n``, so adding replications keeps the earlier ones.
    """
    children = np.random.SeedSequence(check_seed(root_seed, "root seed")).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]

"""``python -m sim`` is the same as the ``yiwu-sim`` command."""

from sim.cli import main

raise SystemExit(main())

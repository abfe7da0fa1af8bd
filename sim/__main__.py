"""``python -m sim`` is the same as the ``yiwu-sim`` command."""

from sim.command import main

raise SystemExit(main())

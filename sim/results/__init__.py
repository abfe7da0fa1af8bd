"""The run's results core: the result type, the tables and their schema, the costs and the KPIs
worked out from the tables, and the planner's answers. Everything here is computed in memory
from a run's tables: no files, no Arrow, no figures, no report, so the model can import it
(:mod:`sim.output` writes, reads and shows what this package computes)."""

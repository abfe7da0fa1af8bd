"""Outputs: the results folder (write, read, verify), its table files and JSON, and the
report (its figures drawn as SVG; :mod:`sim.figures` draws matplotlib figures for papers).
The tables, costs and KPIs themselves are worked out in :mod:`sim.results`. Nothing here runs
a simulation."""

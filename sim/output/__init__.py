"""Outputs: the results folder (write, read, verify), analysis of a run's tables, and the
report (its figures drawn as SVG; :mod:`sim.figures` draws matplotlib figures for papers).
Nothing here runs a simulation."""

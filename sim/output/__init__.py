"""Outputs: the results folder (write, read, verify), analysis of a run's tables, plots and the
report. Nothing here runs a simulation."""

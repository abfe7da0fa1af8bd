"""The explorer: a local web page to change one thing and watch the season change.

``yiwu-sim explore [SCENARIO]`` serves one page on 127.0.0.1: controls generated from the
scenario schema (:mod:`sim.explore.controls`), views of the runs that compare the scenario as
loaded (the baseline) with the current setting under common random numbers
(:mod:`sim.explore.digest`, :mod:`sim.explore.engine`), and an animation of the season on a map
drawn from the run's own tables. The server (:mod:`sim.explore.server`) uses the standard
library only and serves a fixed list of packaged files plus what it computes in memory; it
writes no files. See ``docs/explorer.md``.
"""

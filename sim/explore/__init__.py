"""The explorer: a local web page to change one thing and watch the season change.

``yiwu-sim explore [SCENARIO]`` serves one page on 127.0.0.1: controls generated from the
scenario schema (:mod:`sim.explore.controls`), views of the runs that compare the scenario as
loaded (the baseline) with the current setting under common random numbers
(:mod:`sim.explore.digest`, :mod:`sim.explore.engine`), an animation of the season on a map
drawn from the run's own tables, and who waits where and why (:func:`sim.explore.digest.waits`).
Every word is in English and Chinese (:mod:`sim.explore.i18n`). The server
(:mod:`sim.explore.server`) uses the standard library only, answers only this computer's
names and its own page, and serves a fixed list of packaged files plus what it computes in
memory; it writes no files. :func:`sim.explore.notebook.show` embeds the page in a notebook.
See ``docs/explorer.md``.
"""

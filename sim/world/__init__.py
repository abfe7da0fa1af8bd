"""The world: what does not act. The rail and sea network (a networkx graph of nodes, edges,
lines, gauge breaks), the market calendar, the named random streams, and the scenario checked
and resolved against the network."""

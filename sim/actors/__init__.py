"""The actors: SimPy processes that decide on the clock. Buyers and online demand, merchants,
forwarders, trains, border crossings and the sea route; each records what it did and builds its
own tables. They read the live state of the network (:mod:`sim.actors.state`) and decide through
policies (:mod:`sim.policies`)."""

"""Policies: the decisions actors take on the clock (routing, loading, roll-over, production),
pluggable and chosen by scenario keys."""

"""Tests of yiwu-sim; one module per module of sim/, plus validation and robustness tests."""

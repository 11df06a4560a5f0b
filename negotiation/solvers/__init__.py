"""Solvers: plain functions ``solver(game, ...) -> Result``, one family per module."""

"""Entry point: page configuration and navigation. Each page renders its own filters and data."""

from dashboard.navigation import run_app

run_app()

"""For scrapyd-deploy, which builds the Scrapyd egg with `setup.py bdist_egg` and writes a
setup.py of its own into the checkout where none exists. Everything is in pyproject.toml."""

from setuptools import setup

setup()

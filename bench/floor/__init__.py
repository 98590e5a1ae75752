"""The bare-library floors: for each format, the least code that writes the same article with the same library.

Run one from the repository root: ``python -m bench.floor.epub PLAIN.json OUT.epub``.
"""

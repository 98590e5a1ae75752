"""The output formats, one module per format (``txt``, ``epub``, ``pdf``, ...).

Nothing is imported here: :mod:`exporters.registry` imports a format's module, and
with it the format's library, the first time the format is used.
"""

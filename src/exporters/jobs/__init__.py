"""Jobs: the work the command line starts, and the only code besides it that writes files.

- :mod:`exporters.jobs.batch`: export many articles, each to every asked format.
- :mod:`exporters.jobs.feed`: build one RSS or Atom feed from many articles.
- :mod:`exporters.jobs.newsletter`: bundle many articles into one edition.
"""

"""The field rules: bylines, dates, citations, comment threads, trailing lines, names, date estimates.

Each module is a table of small rules over lines or sentences; :mod:`archive_site.load.extract`
applies them to a segmented page.
"""

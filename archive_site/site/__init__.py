"""The site: annotated records in, the site's files as bytes out, without touching the disk.

Takes the records, the config, the claims catalog and the stance vocabulary; ``model``
builds the :class:`~archive_site.site.model.SiteModel` (the terms in ``terms`` and
``claimterms``, orderings and related articles in ``links``, every path from ``urls``);
``views``, ``articlepage`` and ``termpages`` turn it into page contexts; ``render`` fills
the Jinja templates; ``publish`` gives the feeds, the sitemap and ``archive.json``.
Nothing here writes a file: the build stage does.
"""

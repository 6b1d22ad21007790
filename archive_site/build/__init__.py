"""The build: sequences the stages and is the only place that writes to the disk.

``pipeline`` reads the config, loads the seeds and annotates the records (load, then
claims); ``builder`` renders every file of the site in memory (site) and hands the lot
to ``writer``, which swaps the new site in atomically.
"""

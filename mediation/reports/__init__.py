"""The statistics report: the year's (or a period's) figures over the cases a user may read."""

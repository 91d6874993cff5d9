"""A case file handed over whole (to a successor, an archive, a court or an
information-disclosure request) as one ZIP, and its offline check."""

"""Helpers shared by test modules of several folders (imported as ``support.<module>``)."""

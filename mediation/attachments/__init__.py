"""Files attached to a case: kept content-addressed under the documents folder, never
executed or rendered."""

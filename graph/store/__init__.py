"""Bulk reads and writes of whole landscapes: the load writer, the export reader, and the
Cypher they (and the mutations) share."""

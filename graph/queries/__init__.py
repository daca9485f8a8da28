"""The Cypher for reads: functions that build parameterised statements from typed values.

Every label, relationship type and property name in a statement comes from the whitelists
in :mod:`graph.queries.catalog` and :mod:`graph.queries.relations`; every value a caller
supplies travels as a parameter. Nothing here knows about GraphQL, so the same builders
serve the API, the benchmarks and the tests.
"""

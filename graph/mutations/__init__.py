"""The Cypher of the API's writes: one transaction per mutation, all or nothing.

Each public function here is a transaction body (it takes an open ``AsyncManagedTransaction``)
and raises a :class:`domain.errors.Refusal` for anything the caller got wrong,
which rolls the whole transaction back. ``graph.mutations.transaction.write`` runs a body in
one ``execute_write`` together with the revision bump, under the configured timeout.

Labels and relationship types come from the registry (``domain.registry``) through
``graph.store``, the same building blocks the loader uses, so that a node written by a
mutation looks exactly like one written by a load.
"""

"""Documents by hash at /graphql: Apollo's automatic persisted queries and trusted documents.

A request may name its document instead of sending it:

- ``extensions.persistedQuery: {version: 1, sha256Hash}`` (Apollo's APQ, by GET or POST).
  Without ``query``: the stored text runs, or the answer is ``PERSISTED_QUERY_NOT_FOUND``
  (message ``PersistedQueryNotFound``), on which Apollo's link sends the text with the hash.
  With ``query``: the hash must be the SHA-256 of the text (else 400
  ``PERSISTED_QUERY_HASH_MISMATCH``), and once the document has run without a request error
  it is stored for every worker (``graph.persisted``, bounded by ``API_APQ_MAX_DOCUMENTS``).
- ``documentId: "sha256:<hex>"`` (the GraphQL-over-HTTP persisted documents proposal): the
  same lookup, never a registration.

Trusted documents are the cockpit's own (``web/src/graphql``) and those added with
``integration-graph documents add``. With ``API_TRUSTED_DOCUMENTS_ONLY`` an anonymous
caller may run only those, by hash or by their full text (403 ``DOCUMENT_NOT_TRUSTED``
otherwise); signed-in callers and tokens run anything within the limits.

Each worker remembers the texts it has seen by hash (a hash names one text forever) and
whether a hash is trusted (for ``TRUST_SECONDS``: a removed document stops being trusted
within that time), so a dashboard's repeated request reaches Neo4j for neither.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strawberry.http import GraphQLRequestData

from domain.errors import ErrorCode
from graph import persisted
from schema.lru import LRU

TEXTS = 512
"""Document texts a worker keeps by hash."""
TRUST_SECONDS = 60.0
"""How long a worker believes a trusted (or untrusted) verdict from Neo4j."""
NOT_FOUND_MESSAGE = (
    "PersistedQueryNotFound: Dokument zu diesem Hash unbekannt, bitte mit vollem Text senden / "
    "no document is stored under this hash: send it again with its full query text"
)


class DocumentRefused(Exception):
    """A request whose document reference is wrong: status, code, message."""

    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Resolved:
    """The request with its text in place, the text's id, and whether to store it (APQ)."""

    data: GraphQLRequestData
    document_id: str | None
    register: bool


class DocumentStore:
    """One worker's view of the stored documents (texts and trust, bounded in memory)."""

    def __init__(
        self, holder: dict[str, Any], database: str, cap: int, cockpit: Path | None = None
    ) -> None:
        self._holder = holder
        self._database = database
        self._cap = cap
        self._cockpit = persisted.cockpit_documents(cockpit or persisted.COCKPIT_DOCUMENTS)
        self._texts: LRU[str, str] = LRU(TEXTS)
        self._trust: LRU[str, tuple[bool, float]] = LRU(TEXTS)

    def knows(self, document_id: str) -> bool:
        """This worker can run the document without asking Neo4j."""
        return document_id in self._cockpit or self._texts.get(document_id) is not None

    async def text(self, document_id: str) -> str | None:
        """The text stored under an id: the cockpit's, remembered, else asked from Neo4j."""
        found = self._cockpit.get(document_id) or self._texts.get(document_id)
        if found is not None:
            return found
        stored = await persisted.lookup(self._holder["driver"], self._database, document_id)
        self._trust.put(document_id, (stored.trusted is not None, time.monotonic()))
        if stored.text is not None:
            self._texts.put(document_id, stored.text)
        return stored.text

    async def trusted(self, document_id: str) -> bool:
        """The cockpit's, or added with ``documents add`` (checked at most every minute)."""
        if document_id in self._cockpit:
            return True
        verdict = self._trust.get(document_id)
        if verdict is not None and time.monotonic() - verdict[1] < TRUST_SECONDS:
            return verdict[0]
        stored = await persisted.lookup(self._holder["driver"], self._database, document_id)
        self._trust.put(document_id, (stored.trusted is not None, time.monotonic()))
        return stored.trusted is not None

    async def register(self, document_id: str, query: str) -> None:
        """Store an APQ for every worker (skipped when this worker already knows it)."""
        if self.knows(document_id):
            return
        await persisted.register(
            self._holder["driver"], self._database, document_id, query, self._cap
        )
        self._texts.put(document_id, query)


def _bad(message: str) -> DocumentRefused:
    return DocumentRefused(400, ErrorCode.BAD_REQUEST, message)


def requested_id(extensions: object, document_id: object) -> tuple[str | None, bool]:
    """The hash a request names (APQ extension or ``documentId``) and whether it is APQ."""
    apq = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    named: str | None = None
    if apq is not None:
        if not isinstance(apq, dict) or apq.get("version") != 1:
            raise _bad(
                "persistedQuery braucht version 1 / persistedQuery must be "
                '{"version": 1, "sha256Hash": "<64 hex digits>"}'
            )
        raw = apq.get("sha256Hash")
        named = persisted.parse_id(raw) if isinstance(raw, str) else None
        if named is None:
            raise _bad("sha256Hash muss 64 Hex-Ziffern sein / sha256Hash must be 64 hex digits")
    if document_id is not None:
        given = persisted.parse_id(document_id) if isinstance(document_id, str) else None
        if given is None:
            raise _bad(
                'documentId muss "sha256:<64 Hex-Ziffern>" sein / documentId must be '
                '"sha256:<64 hex digits>"'
            )
        if named is not None and named != given:
            raise _bad("documentId und sha256Hash widersprechen sich / they name two documents")
        named = given
    return named, apq is not None


async def resolve(
    data: GraphQLRequestData,
    document_id: object,
    store: DocumentStore,
    *,
    trusted_only: bool,
) -> Resolved:
    """Put the named document's text into the request; check hashes and trust.

    ``trusted_only``: the caller is anonymous and ``API_TRUSTED_DOCUMENTS_ONLY`` is on.
    """
    named, apq = requested_id(data.extensions, document_id)
    query = data.query
    if query is not None:
        actual = persisted.digest(query)
        if named is not None and named != actual:
            raise DocumentRefused(
                400,
                ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
                "Der Hash passt nicht zum Dokument / the sha256Hash is not the SHA-256 of "
                f"the query text (that would be {actual})",
            )
        register = apq
    elif named is not None:
        text = await store.text(named)
        if text is None:
            raise DocumentRefused(200, ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
        query, actual, register = text, named, False
    else:
        return Resolved(data, None, False)  # Strawberry says that no query was sent
    if trusted_only and not await store.trusted(actual):
        raise DocumentRefused(
            403,
            ErrorCode.DOCUMENT_NOT_TRUSTED,
            "Ohne Anmeldung laufen hier nur bekannte Dokumente (die des Cockpits und mit "
            "`integration-graph documents add` registrierte) / without signing in, this "
            "server runs only trusted documents; sign in, use a token, or ask the operator "
            f"to add this one (id sha256:{actual})",
        )
    if register and store.knows(actual):
        register = False
    resolved = GraphQLRequestData(
        query=query,
        variables=data.variables,
        operation_name=data.operation_name,
        extensions=data.extensions,
        protocol=data.protocol,
    )
    return Resolved(resolved, actual, register)

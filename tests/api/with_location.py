"""A pytest plugin that adds ``Location`` to the real registry.

Loaded with ``pytest -p tests.api.with_location``, it runs before the conftest files import
the code, so the whole program (contract, migrations, schema, loaders, exports) is built
with the kind, as it would be had someone added it to ``domain/registry.py``. Used by
``tests/api/test_new_kind.py`` only.
"""

from __future__ import annotations

from tests.api.location_kind import extend_registry

extend_registry()

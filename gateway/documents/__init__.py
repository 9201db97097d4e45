"""Document downloads: signed links (``links``), the ``/documents/{token}`` route
(``route``), and the statements the gateway renders itself as PDF or CSV (``statements``,
``render_pdf``, ``render_csv``). See docs/documents.md.
"""

from gateway.documents.links import DEFAULT_TTL_SECONDS, DocumentGrant, SignedLinks
from gateway.documents.route import documents_route

__all__ = ["DEFAULT_TTL_SECONDS", "DocumentGrant", "SignedLinks", "documents_route"]

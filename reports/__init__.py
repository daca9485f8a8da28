"""Renderings of reports that the command line and the HTTP routes share (the report's
title block, the Integrationskonzept as a Word document). They read the graph only through
``graph/`` and know nothing of HTTP or the terminal: loaders -> graph -> reports -> schema
and cli."""

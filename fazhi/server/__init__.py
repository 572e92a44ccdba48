"""Serving the graph to other programs, and pushing it into other stores.

The SPARQL 1.1 Protocol endpoint, layered: :mod:`~fazhi.server.protocol` (formats, read-only
check, dataset, service description: no HTTP), :mod:`~fazhi.server.results` (the results
formats), :mod:`~fazhi.server.page` (the endpoint's page), :mod:`~fazhi.server.work` (what a
worker process does with the store), :mod:`~fazhi.server.pool` (the worker processes, stopped and
replaced when a query runs too long), :mod:`~fazhi.server.app` (the ASGI application) and
:mod:`~fazhi.server.endpoint` (uvicorn, the listening socket, ``make_server``).
Pushes into other stores over the Graph Store Protocol: :mod:`~fazhi.server.push`.
"""

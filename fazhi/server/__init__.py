"""Serving the graph to other programs: the SPARQL 1.1 Protocol endpoint (:mod:`fazhi.server.endpoint`)
and pushes into other stores over the Graph Store Protocol (:mod:`fazhi.server.push`)."""

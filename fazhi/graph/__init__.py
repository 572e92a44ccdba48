"""Records → RDF: deterministic IRIs, one named graph per report, reading and writing graphs."""

"""RDF: the closed namespace, analyses → triples, reading and writing graph files."""

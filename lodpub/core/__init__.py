"""The RDF every stage shares: namespaces, formats, serialisation, the dataset and its graphs,
entities and their descriptions, counts, and the site's URL layout. Imports no stage."""

"""Apache Jena RIOT, fetched from Maven Central, as an independent strict RDF validator."""

"""Process launchers: the local Neo4j server, the parser server and the API daemon."""

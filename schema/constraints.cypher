// Constraints and indexes, applied by `kg db init` (each statement is idempotent).
// Every label has a unique IRI; a test checks that this file covers the mapping.

CREATE CONSTRAINT actor_iri IF NOT EXISTS FOR (n:Actor) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT place_iri IF NOT EXISTS FOR (n:Place) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT event_type_iri IF NOT EXISTS FOR (n:EventType) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT event_iri IF NOT EXISTS FOR (n:Event) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT claim_iri IF NOT EXISTS FOR (n:Claim) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT control_claim_iri IF NOT EXISTS FOR (n:ControlClaim) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT casualty_figure_iri IF NOT EXISTS FOR (n:CasualtyFigure) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT document_iri IF NOT EXISTS FOR (n:Document) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT source_iri IF NOT EXISTS FOR (n:Source) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT extraction_iri IF NOT EXISTS FOR (n:Extraction) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT dataset_iri IF NOT EXISTS FOR (n:Dataset) REQUIRE n.iri IS UNIQUE;

// Look-ups by slug id and by content hash.
CREATE INDEX actor_id IF NOT EXISTS FOR (n:Actor) ON (n.id);
CREATE INDEX place_id IF NOT EXISTS FOR (n:Place) ON (n.id);
CREATE INDEX source_id IF NOT EXISTS FOR (n:Source) ON (n.id);
CREATE INDEX document_id IF NOT EXISTS FOR (n:Document) ON (n.id);
CREATE INDEX event_id IF NOT EXISTS FOR (n:Event) ON (n.id);
CREATE INDEX event_type_id IF NOT EXISTS FOR (n:EventType) ON (n.id);
CREATE INDEX claim_id IF NOT EXISTS FOR (n:Claim) ON (n.id);
CREATE INDEX document_sha256 IF NOT EXISTS FOR (n:Document) ON (n.sha256);
CREATE INDEX document_file_name IF NOT EXISTS FOR (n:Document) ON (n.fileName);
CREATE INDEX event_start_date IF NOT EXISTS FOR (n:Event) ON (n.startDate);
CREATE INDEX event_span IF NOT EXISTS FOR (n:Event) ON (n.startDate, n.endDate);
CREATE INDEX claim_start_date IF NOT EXISTS FOR (n:Claim) ON (n.startDate);
CREATE POINT INDEX place_location IF NOT EXISTS FOR (n:Place) ON (n.location);

// Full-text search over names, aliases and quotes.
CREATE FULLTEXT INDEX kg_names IF NOT EXISTS FOR (n:Actor|Place|Source) ON EACH [n.name, n.aliases];
CREATE FULLTEXT INDEX kg_quotes IF NOT EXISTS FOR (n:Claim) ON EACH [n.quote];

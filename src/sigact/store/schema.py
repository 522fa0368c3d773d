"""Versioned store schema.  Each migration is a list of SQL statements applied once, in
order, inside one transaction; ``meta.schema_version`` records how far a file has got.
Never edit a released migration — append a new one."""
from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: the foundation
    [
        """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS articles (
            article_id VARCHAR PRIMARY KEY,
            text_sha256 VARCHAR NOT NULL UNIQUE,
            title VARCHAR, outlet VARCHAR, outlet_source VARCHAR,
            published VARCHAR, published_source VARCHAR NOT NULL,
            url VARCHAR, language VARCHAR, source VARCHAR,
            metadata JSON, text VARCHAR NOT NULL,
            status VARCHAR NOT NULL,          -- ingested | processed | skipped
            ingested_at TIMESTAMP, processed_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS article_sources (
            text_sha256 VARCHAR NOT NULL, source VARCHAR NOT NULL, first_seen TIMESTAMP,
            PRIMARY KEY (text_sha256, source))""",
        """CREATE TABLE IF NOT EXISTS sentences (
            article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
            span_start INTEGER, span_end INTEGER, text VARCHAR,
            PRIMARY KEY (article_id, idx))""",
        """CREATE TABLE IF NOT EXISTS mentions (
            article_id VARCHAR NOT NULL, span_start INTEGER, span_end INTEGER, text VARCHAR,
            label VARCHAR, sentence_index INTEGER, source VARCHAR, kb_id VARCHAR,
            entity JSON, count INTEGER, count_text VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS timexes (
            article_id VARCHAR NOT NULL, span_start INTEGER, span_end INTEGER, text VARCHAR,
            type VARCHAR, value VARCHAR, date JSON)""",
        """CREATE TABLE IF NOT EXISTS events (
            event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
            sentence_index INTEGER, sentence VARCHAR, span_start INTEGER, span_end INTEGER,
            trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
            event_type VARCHAR NOT NULL, mode VARCHAR,
            actor JSON, recipient JSON, date JSON,
            date_value VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
            location JSON, assets JSON, quantities JSON,
            status VARCHAR, attribution VARCHAR, confidence DOUBLE,
            cluster_id VARCHAR, reasons JSON, extractor VARCHAR,
            actor_name VARCHAR, recipient_name VARCHAR,
            created_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS quotes (
            quote_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR,
            span_start INTEGER, span_end INTEGER, speaker JSON, kind VARCHAR, cue VARCHAR,
            sentence_index INTEGER)""",
        """CREATE TABLE IF NOT EXISTS clusters (
            cluster_id VARCHAR PRIMARY KEY, event_type VARCHAR, date JSON,
            date_start DATE, date_end DATE,
            actor JSON, recipient JSON, location JSON,
            article_ids JSON, sources JSON, n_sources INTEGER, evidence_class VARCHAR,
            conflicts JSON, evidence JSON, review VARCHAR,
            created_at TIMESTAMP, updated_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS cluster_members (
            cluster_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, score DOUBLE, evidence JSON,
            PRIMARY KEY (event_id))""",
        """CREATE TABLE IF NOT EXISTS review_decisions (
            decision_id VARCHAR PRIMARY KEY, action VARCHAR NOT NULL, args JSON,
            note VARCHAR, created_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS runs (
            run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
            inputs JSON, n_articles INTEGER, n_new INTEGER, n_rejected INTEGER, summary JSON)""",
        """CREATE TABLE IF NOT EXISTS ingest_errors (
            run_id VARCHAR, source VARCHAR, line INTEGER, reason VARCHAR, seen_at TIMESTAMP)""",
        """CREATE INDEX IF NOT EXISTS events_article ON events(article_id)""",
        """CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster_id)""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)

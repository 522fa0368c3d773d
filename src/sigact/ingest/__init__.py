"""Ingest: files, folders, feeds and stdin → cleaned, dated, identified Articles."""
from sigact.ingest.article import build_article, read_articles
from sigact.ingest.readers import RawItem, iter_items

__all__ = ["RawItem", "build_article", "iter_items", "read_articles"]

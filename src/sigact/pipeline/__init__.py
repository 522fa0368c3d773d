"""Pipeline: declared stages over one data model (see ``registry`` and ``runner``)."""
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import Stage, stage, stages, get_stage, check_chain

__all__ = ["ArticleDoc", "Stage", "stage", "stages", "get_stage", "check_chain"]

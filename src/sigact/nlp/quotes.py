"""PLACEHOLDER (owned by the extraction work): the ``quotes`` stage."""
from sigact.pipeline.registry import FunctionStage, stage


@stage("quotes", requires=["doc", "sentences", "mentions"], assigns=["quotes"])
def make_quotes(settings, context):
    def run(docs):
        for d in docs:
            d.quotes = []
        return docs
    return FunctionStage(run)

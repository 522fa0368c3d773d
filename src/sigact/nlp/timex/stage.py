"""PLACEHOLDER (owned by the time work): the ``timex`` stage."""
from sigact.pipeline.registry import FunctionStage, stage


@stage("timex", requires=["text", "anchor"], assigns=["timexes"])
def make_timex(settings, context):
    def run(docs):
        for d in docs:
            d.timexes = []
        return docs
    return FunctionStage(run)

"""PLACEHOLDER (owned by the learned-classifier work): refine event types."""
from sigact.pipeline.registry import FunctionStage, stage


@stage("classify", requires=["events"], assigns=["events.event_type", "events.confidence"])
def make_classify(settings, context):
    return FunctionStage(lambda docs: docs)

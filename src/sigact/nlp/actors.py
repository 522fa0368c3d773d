"""PLACEHOLDER (owned by the knowledge work): resolve event participants to the KB."""
from sigact.pipeline.registry import FunctionStage, stage


@stage("actors", requires=["events", "mentions"], assigns=["events.actor", "events.recipient"])
def make_actors(settings, context):
    return FunctionStage(lambda docs: docs)

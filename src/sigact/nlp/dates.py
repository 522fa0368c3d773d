"""PLACEHOLDER (owned by the time work): anchor each event to a date."""
from sigact.model import DateValue
from sigact.pipeline.registry import FunctionStage, stage


@stage("dates", requires=["events", "timexes", "anchor"], assigns=["events.date"])
def make_dates(settings, context):
    def run(docs):
        for d in docs:
            for e in d.events:
                if d.anchor:
                    e.date = DateValue(d.anchor.isoformat(), "day", None, "publication")
                else:
                    e.reasons["date"] = "no date in the text and no publication date"
        return docs
    return FunctionStage(run)

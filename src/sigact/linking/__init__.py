"""Cross-article linking: which event records describe the same real-world event, how
well each event is corroborated, and the human review decisions that override both."""
from sigact.linking.link import link_store, summarize
from sigact.linking.features import COMPATIBLE_TYPES, make_record, score_pair

__all__ = ["link_store", "summarize", "make_record", "score_pair", "COMPATIBLE_TYPES"]

"""Importing this module registers sigact's built-in stages (each module registers its own)."""
import sigact.nlp.spacy_stage  # noqa: F401  nlp: spaCy + sentences
import sigact.nlp.mentions  # noqa: F401  mentions: actors, assets, units, places, counts
import sigact.nlp.timex.stage  # noqa: F401  timex: temporal expressions
import sigact.nlp.events  # noqa: F401  events: detection, typing, roles, status, attribution
import sigact.nlp.quotes  # noqa: F401  quotes: direct and indirect, with speakers
import sigact.nlp.actors  # noqa: F401  actors: resolve event participants to the knowledge base
import sigact.nlp.dates  # noqa: F401  dates: anchor each event to its date
import sigact.nlp.places  # noqa: F401  places: geocode each event's location
import sigact.nlp.classify  # noqa: F401  classify: learned event-type classifier

"""Stage registry, in the spirit of spaCy's ``Language.factory``.

A stage is a callable over a batch of :class:`ArticleDoc` that declares which
``ArticleDoc`` attributes it ``requires`` and which it ``assigns``.  Stages are
registered by name in a ``catalogue`` registry (third-party packages add their own
through the ``sigact_stages`` entry-point group) and the pipeline is the ordered
list of names in one config file (``sigact/default_config.toml``).
``check_chain`` verifies, before anything runs, that every requirement is assigned by
an earlier stage — the same check ``spacy/pipe_analysis.py`` performs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol

import catalogue

from sigact.pipeline.doc import ArticleDoc

#: name → factory(settings: dict, context: dict) -> Stage
stages = catalogue.create("sigact", "stages", entry_points=True)

#: what the pipeline starts with (ingest provides these)
INITIAL_ATTRIBUTES = ("article", "text", "anchor")


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, docs: list[ArticleDoc]) -> list[ArticleDoc]: ...


@dataclass
class StageInfo:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[..., Stage]


_INFO: dict[str, StageInfo] = {}


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Register a stage factory.  The factory receives ``(settings, context)`` and returns
    a callable; ``name``/``requires``/``assigns`` are attached to whatever it returns."""
    req, asg = tuple(requires), tuple(assigns)

    def decorator(factory: Callable[..., Any]):
        def build(settings: dict | None = None, context: dict | None = None) -> Stage:
            obj = factory(settings or {}, context or {})
            for attr, val in (("name", name), ("requires", req), ("assigns", asg)):
                try:
                    setattr(obj, attr, val)
                except AttributeError:  # plain functions with __slots__-less closures are fine
                    pass
            return obj

        stages.register(name, func=build)
        _INFO[name] = StageInfo(name, req, asg, build)
        return factory

    return decorator


class FunctionStage:
    """Wraps a plain ``run(docs) -> docs`` function so the registry can attach
    ``name``/``requires``/``assigns`` to it."""

    def __init__(self, fn: Callable[[list[ArticleDoc]], list[ArticleDoc]]):
        self.fn = fn

    def __call__(self, docs: list[ArticleDoc]) -> list[ArticleDoc]:
        return self.fn(docs)


def get_stage(name: str) -> StageInfo:
    _import_builtin_stages()
    if name not in _INFO:
        try:
            build = stages.get(name)   # third-party stage from an entry point
        except catalogue.RegistryError as exc:
            raise KeyError(f"unknown stage {name!r}; known: {sorted(_INFO)}") from exc
        probe = build({}, {})
        _INFO[name] = StageInfo(name, tuple(getattr(probe, "requires", ())),
                                tuple(getattr(probe, "assigns", ())), build)
    return _INFO[name]


def check_chain(names: list[str]) -> list[str]:
    """Problems with a stage order: requirements that no earlier stage assigns."""
    have = set(INITIAL_ATTRIBUTES)
    problems = []
    for n in names:
        info = get_stage(n)
        missing = [r for r in info.requires if r not in have]
        if missing:
            problems.append(f"stage {n!r} requires {missing} but no earlier stage assigns them")
        have.update(info.assigns)
    return problems


def _import_builtin_stages() -> None:
    # Importing the modules registers their stages.
    import sigact.pipeline.builtin  # noqa: F401

"""YAML parser events -> plain data, one event at a time.

The events are walked with an explicit stack of the mappings and lists being
filled, so a document costs no Python frame per level, and no node is made
(a fifth faster than composing PyYAML's nodes and converting them, on the
bundled January 2022 file once warm).
The walk keeps the rules of PyYAML's composer (``yaml.composer.Composer``),
and raises its errors: one document in the stream; an anchor defined once,
before its aliases; an alias stands for its anchor's value. An alias is
replayed from the events its anchor spans, so that each copy is counted,
checked and placed (at its anchor's line) like the original, and an alias
inside the value it names is reported, not followed.

What a value is and whether it can be read is :mod:`.yamldata`'s; how deep a
file may nest is :data:`~negotiation.scenario.limits.MAX_YAML_DEPTH`, checked
before each value as the composer's recursion was.
"""
from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from negotiation.scenario.limits import MAX_YAML_DEPTH
from negotiation.scenario.yamldata import STANDARD, Converter, ExpansionLimit, Path, position
from negotiation.scenario.yamlparse import Position, YamlProblem

_ENDS = {MappingEndEvent, SequenceEndEvent}
_STARTS = {MappingStartEvent, SequenceStartEvent}
RECURSIVE = ("this alias refers to a mapping or list that contains it (a recursive alias; "
             "expected plain data)")
_NO_KEY = object()  # a mapping waiting for its next key
_DROP = object()  # a mapping's next value is read only to be dropped


class _Frame:
    """A mapping or list being filled; ``items`` is None for one that is
    read only to be dropped (under a refused key, or itself a key)."""

    __slots__ = ("items", "path", "key")

    def __init__(self, items, path: Path):
        self.items = items
        self.path = path
        self.key = _NO_KEY

    def child(self) -> Path:
        if type(self.items) is list:
            return self.path + (len(self.items),)
        return self.path + (self.key,)


class _Root(_Frame):
    """Holds the document's value."""

    __slots__ = ()

    def child(self) -> Path:
        return ()


def walk(parser, converter: Converter) -> list:
    """The stream's documents' data: ``[]`` for an empty stream, ``[data]``
    for one document (a second is PyYAML's ComposerError)."""
    parser.get_event()  # stream start
    if parser.check_event(StreamEndEvent):
        return []
    parser.get_event()  # document start
    first = parser.peek_event().start_mark
    walker = _Walk(parser, converter)
    try:
        data = walker.value()
    except ExpansionLimit:
        # the whole file is read before what its aliases expand to is judged,
        # as composing it did: a syntax error further on is the one reported
        walker.finish()
        _single(parser, first)
        raise
    _single(parser, first)
    return [data]


def _single(parser, first) -> None:
    parser.get_event()  # document end
    if not parser.check_event(StreamEndEvent):
        raise ComposerError("expected a single document in the stream", first,
                            "but found another document", parser.get_event().start_mark)


def _check_depth(event, depth: int) -> None:
    """The composer recursed once per level: a value deeper than the limit
    is refused where it begins."""
    if depth >= MAX_YAML_DEPTH:
        raise YamlProblem(f"the document is nested deeper than {MAX_YAML_DEPTH} levels (expected "
                          f"at most {MAX_YAML_DEPTH} levels of mappings and lists)",
                          Position.at(event.start_mark))


class _Walk:
    """One document's events, read from the parser or replayed for an alias."""

    def __init__(self, parser, converter: Converter):
        self.parser = parser
        self.converter = converter
        self.log: list = []  # every event read, for aliases to replay
        self.anchors: dict[str, list] = {}  # name -> [first index, index past the last]
        self.open: set[str] = set()  # anchors whose value is being read
        self.starts: list[str | None] = []  # the anchors of the file's open collections
        self.replayed: list[str | None] = []  # ... and of those open in replays
        self.replays: list[list] = []  # [next index, stop] of the aliases being replayed
        self.recursive = False  # the replayed event begins a value that contains itself
        self.tags: dict[tuple, str] = {}  # (kind, text, implicit) -> the tag it resolves to

    def value(self):
        """The root value: every event of the document, in order."""
        root = _Root([], ())
        frames: list[_Frame] = [root]
        while not root.items:
            event = self.next_event()
            if type(event) in _ENDS:
                done = frames.pop()
                self.deliver(frames[-1], done.items)
            else:
                self.node(event, frames)
        return root.items[0]

    def finish(self) -> None:
        """The rest of the file's events, read for their syntax, anchors and depth."""
        while self.starts:
            if type(self.read()) is AliasEvent:
                self.anchored(self.log[-1])

    # reading the events ------------------------------------------------
    def next_event(self):
        replays = self.replays
        while replays and replays[-1][0] == replays[-1][1]:
            replays.pop()
        if not replays:
            return self.read()
        replay = replays[-1]
        replay[0] += 1
        event = self.log[replay[0] - 1]
        kind = type(event)
        if kind in _STARTS:
            # the value an anchor names, met again inside itself: it contains itself
            self.recursive = event.anchor in self.open
            self.opened(None if self.recursive else event.anchor, self.replayed)
        elif kind in _ENDS:
            self.closed(self.replayed)
        return event

    def read(self):
        """The file's next event: logged, its anchor defined, its depth checked."""
        event = self.parser.get_event()
        index = len(self.log)
        self.log.append(event)
        self.recursive = False  # only a replay can meet a value inside itself
        kind = type(event)
        if kind in _ENDS:
            name = self.closed(self.starts)
            if name is not None:
                self.anchors[name][1] = index + 1
            return event
        _check_depth(event, len(self.starts))
        if kind is AliasEvent:
            return event
        if event.anchor is not None:
            self.define(event, index)
        if kind is not ScalarEvent:
            self.opened(event.anchor, self.starts)
        return event

    def define(self, event, index: int) -> None:
        name = event.anchor
        if name in self.anchors:
            first = self.log[self.anchors[name][0]].start_mark
            raise ComposerError(f"found duplicate anchor {name!r}; first occurrence", first,
                                "second occurrence", event.start_mark)
        self.anchors[name] = [index, index + 1 if type(event) is ScalarEvent else None]

    def opened(self, name: str | None, starts: list) -> None:
        """A mapping or list begins (in the file or in a replay): while it is
        read, an alias to its anchor would contain itself."""
        starts.append(name)
        if name is not None:
            self.open.add(name)

    def closed(self, starts: list) -> str | None:
        name = starts.pop()
        if name is not None:
            self.open.discard(name)
        return name

    def anchored(self, event) -> list:
        """The span of the anchor an alias names (PyYAML's error if none)."""
        if event.anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                event.start_mark)
        return self.anchors[event.anchor]

    # one value ------------------------------------------------------------
    def node(self, event, frames: list[_Frame]) -> None:
        """The event that begins a value, in the slot the innermost frame offers."""
        top = frames[-1]
        kind = type(event)
        if top.items is None or top.key is _DROP:
            self.drop(event, frames)
        elif top.key is _NO_KEY and type(top.items) is dict:
            self.key(event, top, frames)
        elif kind is ScalarEvent:
            path = top.child()
            converter = self.converter
            value = (converter.scalar(self.tag(event, yaml.ScalarNode), event.value, path)
                     if converter.enter(path, position(event)) else None)
            self.deliver(top, value)
        elif kind is AliasEvent:
            self.alias(event, top)
        else:
            self.collection(event, top, frames)

    def tag(self, event, kind: type[yaml.Node]) -> str:
        """A value's tag: its own, or the one its kind (and a scalar's text)
        resolves to."""
        if event.tag not in (None, "!"):
            return event.tag
        value = getattr(event, "value", None)  # a mapping or list has none
        key = (kind, value, event.implicit)
        tag = self.tags.get(key)
        if tag is None:  # resolving depends on these alone: once each
            tag = self.tags[key] = self.parser.resolve(kind, value, event.implicit)
        return tag

    def collection(self, event, top: _Frame, frames: list[_Frame]) -> None:
        path = top.child()
        mapping = type(event) is MappingStartEvent
        if not self.converter.enter(path, Position.at(event.start_mark)):
            frames.append(_Frame(None, path))  # too deep once aliases are followed
            return
        if self.recursive:
            self.converter.report(path, RECURSIVE)
            frames.append(_Frame(None, path))
            return
        tag = self.tag(event, yaml.MappingNode if mapping else yaml.SequenceNode)
        self.converter.check_tag(tag, STANDARD + ("map" if mapping else "seq"), path)
        frames.append(_Frame({} if mapping else [], path))

    def alias(self, event, top: _Frame) -> None:
        span = self.anchored(event)
        if event.anchor not in self.open:
            self.replays.append([span[0], span[1]])  # its events fill this slot
            return
        path = top.child()
        if self.converter.enter(path, Position.at(self.log[span[0]].start_mark)):
            self.converter.report(path, RECURSIVE)
        self.deliver(top, None)

    def key(self, event, top: _Frame, frames: list[_Frame]) -> None:
        kind = type(event)
        if kind is AliasEvent:
            span = self.anchored(event)
            event = self.log[span[0]] if span[1] == span[0] + 1 else None
        elif kind is not ScalarEvent:
            frames.append(_Frame(None, top.path))  # read, then refused as a key
            return
        if event is None:  # an alias of a mapping or list
            self.deliver(top, None)
            return
        tag = self.tag(event, yaml.ScalarNode)
        if tag == STANDARD + "merge":
            self.converter.problems.append((top.path, "merge keys ('<<') are not supported"))
            top.key = _DROP
            return
        key = self.converter.key(tag, event.value, top.path)
        if key is None:
            self.refuse_key(top)
        elif key in top.items:
            self.converter.duplicate(top.path + (key,), position(event))
            top.key = _DROP
        else:
            self.converter.key_positions[top.path + (key,)] = position(event)
            top.key = key

    def drop(self, event, frames: list[_Frame]) -> None:
        """A value read only for its syntax, anchors and depth."""
        kind = type(event)
        if kind is AliasEvent:
            self.anchored(event)
        if kind is AliasEvent or kind is ScalarEvent:
            self.deliver(frames[-1], None)
        else:
            frames.append(_Frame(None, frames[-1].path))

    def deliver(self, top: _Frame, value) -> None:
        """A finished value into its frame (a key is a scalar, read by
        :meth:`key`: a value that ends where a key is expected is a mapping or
        a list, refused)."""
        items = top.items
        if items is None:
            return
        if type(items) is list:
            items.append(value)
        elif top.key is _NO_KEY:  # a key that is a mapping or list
            self.refuse_key(top)
        else:
            if top.key is not _DROP:
                items[top.key] = value
            top.key = _NO_KEY

    def refuse_key(self, top: _Frame) -> None:
        """A key that is not a name: reported, and its value dropped."""
        self.converter.problems.append((top.path, "a key must be a plain name"))
        top.key = _DROP

"""What rules and arithmetic expressions share: trees walked without recursion.

A file may nest an expression up to :data:`~negotiation.scenario.limits.MAX_EXPR_DEPTH`
levels, so nothing that walks a tree may use one Python frame per level:
:func:`fold` and :func:`postfix` use an explicit stack, and a :class:`Branch`
compares, hashes, pickles, copies and prints itself through its postfix
form (the dataclass defaults would recurse once per level).

A :class:`Leaf` has no children and keeps its dataclass methods; a
:class:`Branch` lists its ``children`` and the ``label`` that, with them,
rebuilds it (:meth:`Branch.build`).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any


class Node:
    """A node of a rule or of an arithmetic expression."""

    @property
    def children(self) -> tuple[Node, ...]:
        return ()

    def levels(self) -> int:
        """Levels of nesting this node adds (see :func:`depth`)."""
        return 1


class Leaf(Node):
    """A node without children: frozen dataclass equality, hashing and repr."""


class Branch(Node, ABC):
    """A node with children; every generic method is iterative."""

    @abstractmethod
    def label(self) -> tuple:
        """The node's own fields, without its children."""

    @classmethod
    @abstractmethod
    def build(cls, label: tuple, children: list[Node]) -> Branch:
        """The node of this class with ``label`` and ``children``."""

    @abstractmethod
    def repr_with(self, parts: list[str]) -> str:
        """The repr of this node given its children's reprs."""

    def flat(self) -> tuple:
        """Postfix form: leaves, and (class, label, number of children) marks."""
        cached = self.__dict__.get("_flat")
        if cached is None:
            cached = postfix(self)
            object.__setattr__(self, "_flat", cached)
        return cached

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return type(other) is type(self) and self.flat() == other.flat()

    def __hash__(self) -> int:
        return hash(self.flat())

    def __reduce__(self):
        return rebuild, (self.flat(),)

    def __repr__(self) -> str:
        return fold(self, _repr)


class Unary(Branch):
    """A branch with one ``operand`` (``not`` in rules, unary minus in
    arithmetic): the generic methods of a one-child node, said once."""

    operand: Any

    @property
    def children(self) -> tuple:
        return (self.operand,)

    def label(self) -> tuple:
        return ()

    @classmethod
    def build(cls, label, children):
        return cls(children[0])

    def repr_with(self, parts: list[str]) -> str:
        return f"{type(self).__name__}({parts[0]})"


def _repr(node: Node, parts: list[str]) -> str:
    if isinstance(node, Branch):
        return node.repr_with(parts)
    return repr(node)


def postorder(root: Node):
    """Every node after its children, left to right, without recursion."""
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        kids = node.children
        if kids and not expanded:
            stack.append((node, True))
            stack.extend((kid, False) for kid in reversed(kids))
        else:
            yield node


def fold(root: Node, combine: Callable[[Node, list], Any]) -> Any:
    """``combine(node, [results of its children])``, bottom-up, iteratively."""
    results: list = []
    for node in postorder(root):
        start = len(results) - len(node.children)
        args = results[start:]
        del results[start:]
        results.append(combine(node, args))
    return results[0]


def walk(root: Node):
    """Every node, parents before children, left to right (pre-order)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def postfix(root: Node) -> tuple:
    """The postfix form of :meth:`Branch.flat`: leaves as themselves, each
    branch as ``(class, label, number of children)`` after its children."""
    return tuple((type(node), node.label(), len(node.children)) if isinstance(node, Branch)
                 else node for node in postorder(root))


def rebuild(flat: tuple) -> Node:
    """The tree of a postfix form (the inverse of :meth:`Branch.flat`)."""
    stack: list[Node] = []
    for item in flat:
        if isinstance(item, tuple):
            cls, label, count = item
            start = len(stack) - count
            children = stack[start:]
            del stack[start:]
            stack.append(cls.build(label, children))
        else:
            stack.append(item)
    (root,) = stack
    return root


def depth(root: Node) -> int:
    """Levels of a tree as :data:`~negotiation.scenario.limits.MAX_EXPR_DEPTH`
    counts them: each node adds its :meth:`~Node.levels` to its deepest child."""
    return fold(root, lambda node, kids: node.levels() + max(kids, default=0))


def chain_levels(count: int) -> int:
    """Levels of a flat chain of ``count`` terms: log2(count), rounded up
    (the depth of the balanced binary tree with the same meaning)."""
    return max(1, (count - 1).bit_length())

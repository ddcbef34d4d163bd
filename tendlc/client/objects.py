"""Response objects: the wire JSON read through snake_case attributes, the wire dict kept as ``.raw``.

An attribute is looked up through the field table (``fields.attribute_name``), never by case conversion.
Numeric map keys (MNO network ids) read as ``_<id>``: ``metadata._10999.qualify``, as the SDK's
``response._10999``; every key is also reachable by its wire name, ``metadata["10999"]``. A field a class
declares but the response left out reads as None, as optional fields do in the SDK; an undeclared name that
the response does not carry raises AttributeError, so a typo fails loudly instead of reading None.

Subclasses declare their fields as annotations (for type checkers and for the None default) and, in
``nested``, the class of the objects an attribute holds; a map keyed by ids sets ``values`` instead.
"""

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from tendlc.client.fields import attribute_name


class TenDLCObject(Mapping[str, Any]):
    """A JSON object from the API. Also a read-only mapping by wire key."""

    __slots__ = ("_cache", "_names", "_raw")
    nested: ClassVar[Mapping[str, type["TenDLCObject"]]] = {}
    values_class: ClassVar[type["TenDLCObject"] | None] = None

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = dict(raw)
        self._names = {name: wire for wire in self._raw if (name := attribute_name(wire)) is not None}
        self._cache: dict[str, Any] = {}

    @property
    def raw(self) -> dict[str, Any]:
        """The object exactly as it came over the wire."""
        return self._raw

    @classmethod
    def declared_fields(cls) -> frozenset[str]:
        """The snake names this class declares (its annotations and its ancestors')."""
        return frozenset(
            name
            for klass in cls.__mro__
            for name in getattr(klass, "__annotations__", {})
            if not name.startswith("_") and name not in {"nested", "values_class"}
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in TenDLCObject.__slots__:
            raise AttributeError(name)
        wire = self._names.get(name)
        if wire is not None:
            return self[wire]
        if name in self.declared_fields():
            return None
        raise AttributeError(
            f"{type(self).__name__} has no field {name!r}; it carries {sorted(self._names)}"
            " (every wire key is also reachable as obj['wireKey'] and in obj.raw)"
        )

    def __getitem__(self, wire: str) -> Any:
        if wire not in self._cache:
            name = attribute_name(wire) or wire
            self._cache[wire] = self._wrap(name, self._raw[wire])
        return self._cache[wire]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, TenDLCObject) and other._raw == self._raw

    __hash__ = None  # type: ignore[assignment]  # mutable wire data: equal objects need not stay equal

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._raw!r})"

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._names, *self.declared_fields()})

    def _wrap(self, name: str, value: Any) -> Any:
        if isinstance(value, dict):
            return self._class_for(name)(value)
        if isinstance(value, list):
            return [self._wrap(name, item) for item in value]
        return value

    def _class_for(self, name: str) -> type["TenDLCObject"]:
        if name in self.nested:
            return self.nested[name]
        if self.values_class is not None and name not in self.declared_fields():
            return self.values_class
        return TenDLCObject

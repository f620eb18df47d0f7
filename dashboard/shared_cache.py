"""The one cache the pages share: a value is made once per builder and arguments, and shared read-only by every
session. Its key is derived, never named: the builder's identity (its file, qualified name and code) plus every
argument it is called with, defaults included, so two builders never share an entry and a change in any input is a
new entry. An input the key cannot see is refused rather than silently shared: a builder is a plain module-level
function (no lambda, no nested function, no closure) that reads no data from a global, so everything it depends on
arrives as an argument."""

from __future__ import annotations

import dataclasses
import dis
import functools
import hashlib
import inspect
import pickle
import types
import weakref
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from alibaba_ai_data import Dataset

T = TypeVar("T")

# The sum of the four stores this one replaced (range tables 64, per-version values 64, figures and derived frames
# 256, CSV bytes 256): the same bound on memory, least recently used first out.
MAX_ENTRIES = 640
_SCALARS = (type(None), bool, int, float, str, bytes, date, datetime, timedelta, tzinfo, pd.Timestamp, pd.Timedelta)
# What a builder may read from its module's globals: code and constants, never data.
_CODE = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodType, Enum)


def cached(build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``build(*args, **kwargs)``, made once per builder and arguments and shared read-only across sessions.

    Each argument enters the key through ``cache_key``: a Dataset as its data version, a frame as a hash of its
    content (or, for a frame this cache served, the key it was served under), a frozen dataclass (a DateRange, a PageContext) as its fields, containers by their items.
    """
    check_builder(build)
    # The signature of this very function object: a page script defines its builders anew on every run, and a
    # default value is an input like any other.
    bound = inspect.signature(build).bind(*args, **kwargs)
    bound.apply_defaults()
    key = (builder_identity(build), cache_key(tuple(bound.arguments.items())))
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    value = _shared(digest, build, bound.args, bound.kwargs)
    _remember_served(value, digest)
    return value


# Frames this cache has served, by identity: (a weak reference to the frame, the key it was made under). A served
# frame is read-only and its content is fixed by its key, so when it is passed on to another builder (a range's
# tables to a figure, a table to its CSV) the key stands for its content and the content need not be hashed again;
# hashing was ~7% of a table page's rerun. A frame made anywhere else is hashed as before.
_SERVED: dict[int, tuple[weakref.ref, str]] = {}
_SERVED_LIMIT = 4 * MAX_ENTRIES


def _remember_served(value: object, digest: str, depth: int = 0) -> None:
    """Register a served frame, and the frames inside a served dict, tuple or list (a range's tables): each is fixed
    by the served key and its place in the value."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        if len(_SERVED) >= _SERVED_LIMIT:  # dead entries accumulate as the cache evicts; start over now and then
            _SERVED.clear()
        _SERVED[id(value)] = (weakref.ref(value), digest)
    elif depth < 2 and isinstance(value, Mapping):
        for name, item in value.items():
            _remember_served(item, f"{digest}[{name!r}]", depth + 1)
    elif depth < 2 and isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            _remember_served(item, f"{digest}[{index}]", depth + 1)


def served_frames() -> list[pd.DataFrame | pd.Series]:
    """The frames this cache has served that are still alive."""
    return [frame for ref, _digest in list(_SERVED.values()) if (frame := ref()) is not None]


def _served_key(frame: pd.DataFrame | pd.Series) -> str | None:
    """The key a live frame was served under by this cache, if it was (an id alone may be reused after a frame dies)."""
    entry = _SERVED.get(id(frame))
    return entry[1] if entry is not None and entry[0]() is frame else None


@st.cache_resource(show_spinner=False, max_entries=MAX_ENTRIES)
def _shared(key: str, _build: Callable[..., Any], _args: tuple, _kwargs: dict) -> Any:
    return _build(*_args, **_kwargs)


def clear() -> None:
    """Empty the shared cache (tests)."""
    _shared.clear()
    _SERVED.clear()


def builder_identity(build: Callable[..., Any]) -> tuple[str, str, str]:
    """Where a builder is defined and what its code is: page scripts all run as __main__, so the file tells them apart,
    and an edited builder is a new one."""
    code = build.__code__
    constants = repr([c for c in code.co_consts if not isinstance(c, types.CodeType)]).encode()
    return code.co_filename, build.__qualname__, hashlib.sha256(code.co_code + constants).hexdigest()[:16]


def check_builder(build: Callable[..., Any]) -> None:
    """Refuse a builder whose inputs the key cannot see: anything but a plain module-level function, or one that
    reads data (a frame, a dataset, a page context) from a global instead of an argument. The check reads the
    builder's own code; a helper it calls takes what it reads as arguments too (the pages' helpers take the context)."""
    if not isinstance(build, types.FunctionType):
        raise TypeError(f"a cached builder must be a plain function, not {type(build).__name__}")
    if "<" in build.__qualname__ or build.__closure__:
        raise TypeError(
            f"cached builder {build.__qualname__} is a lambda, a nested function or a closure: define it at module level "
            "and pass what it reads as arguments"
        )
    for name in _globals_read(build.__code__):
        value = build.__globals__.get(name)
        if name in build.__globals__ and not _is_code_or_constant(value):
            raise TypeError(
                f"cached builder {build.__qualname__} reads the global {name!r} ({type(value).__name__}): pass it as an "
                "argument, so that it is part of the key"
            )


@functools.lru_cache(maxsize=1024)
def _globals_read(code: types.CodeType) -> frozenset[str]:
    """Names a function's code (and the code nested in it: comprehensions, inner lambdas) loads as globals."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _globals_read(const)
    return frozenset(names)


def _is_code_or_constant(value: object) -> bool:
    if isinstance(value, (*_CODE, *_SCALARS)):
        return True
    if isinstance(value, (tuple, frozenset, list)):
        return all(_is_code_or_constant(item) for item in value)
    if isinstance(value, Mapping):
        return all(_is_code_or_constant(k) and _is_code_or_constant(v) for k, v in value.items())
    return False


def cache_key(value: object) -> object:
    """A value reduced to what identifies it, made of plain Python values whose repr is stable: refuses what it
    cannot reduce, so an input is never left out of a key."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Enum):
        return (type(value).__qualname__, value.name)
    if isinstance(value, Dataset):
        return ("Dataset", value.data_version)
    if isinstance(value, (pd.DataFrame, pd.Series)):
        served = _served_key(value)
        return (type(value).__name__, "served", served) if served else (type(value).__name__, _content_digest(value))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(cache_key(item) for item in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((cache_key(item) for item in value), key=repr)))
    if isinstance(value, Mapping):
        return ("dict", tuple(sorted(((cache_key(k), cache_key(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, types.FunctionType):
        check_builder(value)
        return ("function", builder_identity(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple((f.name, cache_key(getattr(value, f.name))) for f in dataclasses.fields(value))
        return (type(value).__qualname__, fields)
    raise TypeError(f"a {type(value).__name__} cannot be part of a cache key; pass the values it is made from")


def _content_digest(frame: pd.DataFrame | pd.Series) -> str:
    """A hash of a frame's labels, types and values."""
    labels = frame.columns if isinstance(frame, pd.DataFrame) else [frame.name]
    types_ = frame.dtypes if isinstance(frame, pd.DataFrame) else [frame.dtype]
    digest = hashlib.sha256(repr((frame.shape, [str(c) for c in labels], [str(t) for t in types_])).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists): their pickled form
        digest.update(pickle.dumps(frame))
    return digest.hexdigest()

"""The form in which a figure goes to the browser: one that Plotly can draw once and then recognise as unchanged.

Streamlit's chart element (1.67) draws a figure as soon as it mounts, then copies the figure through JSON in an
effect and hands the copy to ``Plotly.react``. Plotly diffs the copy against what it drew, and three things in a
figure as plotly.py writes it make that diff report a change, so the chart is drawn again in full:

- numeric arrays sent as base64 typed arrays, which Plotly decodes into new arrays on every draw;
- the layout's ``template``, compared by identity (a copy never matches);
- ``meta`` held as an object, compared by identity too.

Beyond those, Plotly treats every data array of a copy as new data unless ``layout.datarevision`` is set; with it
set and unchanged, arrays are taken as they were. ``wire_form`` writes arrays as lists, folds the template into the
layout and traces it styles, wraps each ``meta`` in a one-item list, and sets ``datarevision`` to a digest of
everything else, so a figure with other content is never taken for this one. What the chart shows is the same.

Only a figure Plotly leaves as it found it may go in this form. Plotly writes an autoranged axis's range back into
the figure it draws, and Streamlit takes its copy at a moment that may fall before that write: a copy without the
range, under an unchanged ``datarevision``, is not autoranged again, and the axis falls back to Plotly's default
(2000-01-01 on a date axis). ``browser_form`` therefore sends the wire form only for a figure whose every axis has
its type and range set (``settled``; dashboard/figures/labels.py settles the charts of markers and lines) and every
other figure as plotly.py writes it, drawn twice as before.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
from _plotly_utils.utils import convert_to_base64
from plotly.io.json import to_json_plotly

_AXIS = re.compile(r"^([xy])axis(\d*)$")
# Layout lists whose items take the template's ``<item>defaults`` (annotationdefaults for annotations, and so on).
_ITEM_DEFAULTS = {
    "annotations": "annotationdefaults",
    "shapes": "shapedefaults",
    "images": "imagedefaults",
    "sliders": "sliderdefaults",
    "updatemenus": "updatemenudefaults",
    "selections": "selectiondefaults",
}


def browser_form(figure: Mapping[str, Any]) -> dict:
    """``figure`` (a figure's dict) as the browser gets it, plain JSON: its wire form when it is ``settled``, else
    as plotly.py writes it (numeric arrays as base64 typed arrays)."""
    if settled(figure):
        return wire_form(figure)
    written = copy.deepcopy(dict(figure))
    convert_to_base64(written)  # in place
    return json.loads(to_json_plotly(written))


def settled(figure: Mapping[str, Any]) -> bool:
    """Whether Plotly draws the figure without writing into it: it has traces, all on cartesian axes, and every axis
    of its layout, and every axis a trace draws on, has its type and range set and its autorange off."""
    data, layout = figure.get("data") or [], figure.get("layout") or {}
    if not data or any(trace.get("type", "scatter") not in _CARTESIAN for trace in data):
        return False
    template_axes = [axis for key, axis in ((layout.get("template") or {}).get("layout") or {}).items() if _AXIS.match(key)]
    if any(key in axis for axis in template_axes for key in ("type", "range", "autorange")):
        return False  # a template that types or ranges axes: not a case this form was checked against
    for name in _axis_names(data, layout):
        axis = layout.get(name) or {}
        if axis.get("type") in (None, "-") or axis.get("range") is None or axis.get("autorange", False) is not False:
            return False
    return True


def wire_form(figure: Mapping[str, Any]) -> dict:
    """``figure`` (a figure's dict, as ``to_dict`` gives it) in the form described above, as plain JSON values."""
    plain = _plain_arrays(json.loads(to_json_plotly(figure)))
    data, layout = untemplated(plain.get("data") or [], plain.get("layout") or {})
    for container in (layout, *data):
        if isinstance(container.get("meta"), dict):
            container["meta"] = [container["meta"]]
    layout.pop("datarevision", None)
    out = {**plain, "data": data, "layout": layout}
    digest = hashlib.blake2b(json.dumps(out, sort_keys=True, separators=(",", ":")).encode(), digest_size=10)
    layout["datarevision"] = digest.hexdigest()
    return out


def meta_of(container: Mapping[str, Any]) -> dict:
    """A trace's or a layout's ``meta`` as the object it was written as, in either form (object, or wrapped)."""
    meta = container.get("meta")
    if isinstance(meta, (list, tuple)) and len(meta) == 1:
        meta = meta[0]
    return meta if isinstance(meta, dict) else {}


def untemplated(data: list[dict], layout: dict) -> tuple[list[dict], dict]:
    """The traces and layout with the layout's template applied the way Plotly applies it, and the template gone.

    The figure's own values win over the template's. An axis takes the template's axis of its own name, else the
    one of its letter (``xaxis`` for ``xaxis2``), whether the layout names it or only a trace draws on it; each item
    of ``annotations`` and the like takes ``annotationdefaults`` and the like; ``template.data`` styles the traces of
    each type in turn, its items taken in a cycle.

    A few axis colours and widths switch their part on when the figure sets them and not when a template does
    (a grid colour shows the grid, a line colour the axis line): where the template alone sets one, the switch is
    written out as Plotly would have left it (``_presence_switches``)."""
    layout = dict(layout)
    template = layout.pop("template", None) or {}
    base = dict(template.get("layout") or {})
    axis_templates = {key: base.pop(key) for key in [k for k in base if _AXIS.match(k)]}
    item_base = {key: base.pop(defaults, None) for key, defaults in _ITEM_DEFAULTS.items()}
    layout = _under(base, layout)
    for name in _axis_names(data, layout):
        axis_template = axis_templates.get(name) or axis_templates.get(f"{name[0]}axis")
        if axis_template:
            own = layout.get(name) or {}
            layout[name] = _under(axis_template, {**_presence_switches(name, own, axis_template, data), **own})
    for key, defaults in item_base.items():
        if defaults and isinstance(layout.get(key), list):
            layout[key] = [_under(defaults, item) for item in layout[key]]
    by_type = template.get("data") or {}
    seen: dict[str, int] = {}
    styled = []
    for trace in data:
        kind = trace.get("type", "scatter")
        items = by_type.get(kind) or []
        position = seen.get(kind, 0)
        seen[kind] = position + 1
        defaults = {k: v for k, v in (items[position % len(items)] if items else {}).items() if k != "type"}
        styled.append(_under(defaults, trace) if defaults else trace)
    return styled, layout


# Axis attributes Plotly reads as "set by the figure or not" (Lib.coerce2): set by the figure, they switch on their
# part; set by a template, they only style it. Each switch, with the attributes that turn it on.
_SWITCHES = {
    "showline": ("linecolor", "linewidth"),
    "showgrid": ("gridcolor", "gridwidth", "griddash"),
    "zeroline": ("zerolinecolor", "zerolinewidth", "zerolinelayer"),
}
# Presence-read attributes whose switch's default this fold does not know (ticks, spikes, minor grid lines): a
# template that sets one of them without its switch is refused rather than drawn differently.
_UNSUPPORTED = (
    "ticklen",
    "tickwidth",
    "tickcolor",
    "spikecolor",
    "spikethickness",
    "spikedash",
    "spikemode",
    "spikesnap",
    "minor",
)
# Trace types whose bars or boxes stand along one axis, where Plotly draws no grid by default.
_ORIENTED = {"bar", "histogram", "box", "violin", "funnel", "waterfall"}
# Trace types drawn on x and y axes, whose every axis ``settled`` can check.
_CARTESIAN = {"scatter", *_ORIENTED}


def _presence_switches(name: str, own: Mapping[str, Any], axis_template: Mapping[str, Any], data: list[dict]) -> dict:
    """The switches an axis needs written out once its template's presence-read attributes become its own."""
    refused = [key for key in _UNSUPPORTED if key in axis_template]
    if refused:
        raise ValueError(f"the template's {name} sets {refused}, which the wire form cannot carry faithfully")
    switches = {}
    for switch, attributes in _SWITCHES.items():
        if switch in own or switch in axis_template or any(key in own for key in attributes):
            continue  # the figure or the template decides, and folding keeps that decision
        # A part Plotly shows by default is shown by the colour too; one it hides needs its switch written out.
        if any(key in axis_template for key in attributes) and (switch == "showline" or not _grid_by_default(name, data)):
            switches[switch] = False
    return switches


def _grid_by_default(name: str, data: list[dict]) -> bool:
    """Whether Plotly draws this axis's grid (and zero line) by default: not on the axis bars stand along."""
    for trace in data:
        kind = trace.get("type", "scatter")
        if kind not in _ORIENTED:
            continue
        orientation = trace.get("orientation")
        if orientation is None:
            if kind not in ("bar", "histogram"):
                raise ValueError(f"a {kind} trace without an orientation: set it, so the wire form knows its grid")
            # Plotly's defaults: a bar with x and no y lies along y; a histogram with y and no x does.
            lies_along_y = ("x" in trace and "y" not in trace) if kind == "bar" else ("y" in trace and "x" not in trace)
            orientation = "h" if lies_along_y else "v"
        along = _axis_name(trace.get("yaxis", "y")) if orientation == "h" else _axis_name(trace.get("xaxis", "x"))
        if along == name:
            return False
    return True


def _axis_names(data: list[dict], layout: Mapping[str, Any]) -> list[str]:
    """The layout's axes and every cartesian axis a trace draws on (a figure with no traces draws the first two)."""
    names = {key for key in layout if _AXIS.match(key)}
    for trace in data:
        if any(key in trace for key in ("x", "y", "xaxis", "yaxis")):
            names |= {_axis_name(trace.get("xaxis", "x")), _axis_name(trace.get("yaxis", "y"))}
    if not data:
        names |= {"xaxis", "yaxis"}
    return sorted(names)


def _axis_name(ref: str) -> str:
    return f"{ref[0]}axis{ref[1:]}"


def _under(defaults: Mapping[str, Any], values: Mapping[str, Any]) -> dict:
    """``values`` over ``defaults``, merged key by key through nested objects."""
    out = dict(defaults)
    for key, value in values.items():
        below = out.get(key)
        out[key] = _under(below, value) if isinstance(below, Mapping) and isinstance(value, Mapping) else value
    return out


def _plain_arrays(value: Any) -> Any:
    """Every base64 typed array (plotly.py's ``{"dtype", "bdata", "shape"}``) written out as a list, a value that is
    not a finite number as null."""
    if isinstance(value, Mapping):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))
            shape = value.get("shape")
            if isinstance(shape, str):
                array = array.reshape([int(part) for part in shape.split(",")])
            if array.dtype.kind == "f" and not np.isfinite(array).all():
                array = np.where(np.isfinite(array), array, None)  # JSON has no NaN: null is Plotly's gap too
            return array.tolist()
        return {key: _plain_arrays(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_arrays(item) for item in value]
    return value

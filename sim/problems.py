"""Problems and warnings that keep what they are about: a code and the values, beside the English.

A scenario check (:mod:`sim.world.checks`, :mod:`sim.scenario`) finds a problem below the layer
that knows the reader's language. It words it in English, one line naming the key path, the
value and what is allowed, and it raises a :class:`Problem`: that English line (a ``str``, so
every caller that joins, cuts, logs or compares it sees exactly the English it always did) which
also keeps its ``code``, its ``fields`` (the values: a name given, the list of what is allowed,
a bound), the key path ``where`` and the value given ``got``. The command line says it again
in the reader's language from these (:func:`sim.output.saying.in_lang`, the glossary entry
named by the code), without reading the English back.

:data:`ENGLISH` holds the English of every code raised here: the checks word their problems
with it (:func:`problem`), and the glossary takes its English from it, so each wording is
written once. This module imports nothing, so that the glossary can read it without loading
the scenario's schema.
"""

from __future__ import annotations

import functools
import re
from typing import Any

ENGLISH: dict[str, str] = {
    # ------------------------------------------------------------------ capacity (warnings)
    "warn_capacity": "line {lid} ({name}) is offered about {demand} TEU a week but its "
    "{per_week} departures a week carry about {capacity}: goods will queue at Yiwu and the "
    "queue will grow through the run",
    "warn_capacity_disrupted": "line {lid} ({name}) is offered about {demand} TEU a week but, "
    "with its disruptions, runs {per_week} departures a week on average over the run, carrying "
    "about {capacity}: goods will queue at Yiwu and wait for it",
    "warn_capacity_suspended": "line {lid} ({name}) is offered about {demand} TEU a week but, "
    "with its disruptions, runs no departure in the run: its goods wait at Yiwu to the end",
    "warn_capacity_dispatch": "line {lid} ({name}) is offered about {demand} TEU a week, more "
    "than its {per_week} published departures a week carry (about {capacity}); demand dispatch "
    "may add up to {extra} trains a week (about {with_extra} in all): goods will wait at Yiwu "
    "for the trains it adds",
    "warn_capacity_beyond_dispatch": "line {lid} ({name}) is offered about {demand} TEU a week "
    "but its {per_week} departures a week carry about {capacity}, and about {with_extra} with "
    "the {extra} extra trains a week demand dispatch may add: goods will queue at Yiwu and the "
    "queue will grow through the run",
    "warn_capacity_own_dispatch": "line {lid} ({name}) is offered about {demand} TEU a week, "
    "more than its {per_week} published departures a week carry (about {capacity}); what the "
    "dispatch policy {rule} adds or cancels cannot be counted before the run: goods will queue "
    "at Yiwu unless it adds trains",
    "warn_capacity_sailings": "sea route {lid} ({name}) is offered about {demand} TEU a week, "
    "more than its {per_week} published sailings a week carry (about {capacity}); the carriers' "
    "sailings policy brings that to about {with_extra}: it {changes}; goods will wait at {port} "
    "for the space it adds",
    "warn_capacity_beyond_sailings": "sea route {lid} ({name}) is offered about {demand} TEU a "
    "week but its {per_week} sailings a week carry about {capacity}, and about {with_extra} "
    "under the carriers' sailings policy, which {changes}: goods will queue at {port} and the "
    "queue will grow through the run",
    "warn_capacity_blanked_sailings": "sea route {lid} ({name}) is offered about {demand} TEU a "
    "week; its {per_week} published sailings a week carry about {capacity}, but about "
    "{with_extra} on average over the run under the carriers' sailings policy, which "
    "{changes}: goods will queue at {port} while sailings are blanked and may still wait there "
    "when the run ends",
    "warn_capacity_own_sailings": "sea route {lid} ({name}) is offered about {demand} TEU a "
    "week, more than its {per_week} published sailings a week carry (about {capacity}); what "
    "the sailings policy {rule} blanks or adds cannot be counted before the run: goods will "
    "queue at {port} unless it adds space",
    "sail:upsize": "may take about {upsize} TEU more on each sailing (a larger ship)",
    "sail:extra": "may add up to {extra} extra loaders a week",
    "sail:blank": "blanks about {blanked} of its {window} sailings in the Spring Festival window "
    "(about {blanked_teu} TEU a week less over the run)",
    "sail:and2": "{a} and {b}",
    "sail:and3": "{a}, {b} and {c}",
    "warn_unread": "{setting} is {value}, but {rule_key} is {rule}, which does not read it (only "
    "{readers} does): it changes nothing in this run",
    "warn_unread_any": "{setting} is {value}, but no rule of the model reads it ({why}): it "
    "changes nothing in this run",
    "warn_end_told_late": "{setting} is {value}, after the disruption is over ({over}): its end "
    "is known when it comes (trains move again), so decisions expect it to go on only until "
    "then",
    "unread:carried": "a detour's extra km and a roll-over's re-booking are borne by the "
    "carriers and forwarders, not charged to the orders",
    "warn_boxes_run_out": "Yiwu's pool of {pool} TEU ({full} at full scale) gets no box back in "
    "this run (no eastbound services, repositioning 'none'): at about {teu_week} TEU a week "
    "ordered it is empty in about {days} days of the {run_days}, and goods then wait at Yiwu "
    "for boxes that never come",
    "warn_idle_node": "crossing {name} is on none of this run's lines ({lines}), no "
    "background flow passes it and it has no background trains: this disruption changes "
    "nothing",
    "warn_idle_border": "crossing {name} is on none of this run's lines ({lines}), no "
    "background flow passes it and it has no background trains: its settings change nothing",
    "warn_idle_edge": "edge {name} is on none of this run's lines ({lines}) and no background "
    "flow runs on it: this disruption changes nothing",
    # (train_routing avoid_closed: a place no detour round a closed crossing can reach)
    "warn_idle_node_detour": "crossing {name} is on none of this run's lines ({lines}), no "
    "detour round a closed crossing can reach it, no background flow passes it and it has no "
    "background trains: this disruption changes nothing",
    "warn_idle_edge_detour": "edge {name} is on none of this run's lines ({lines}), no detour "
    "round a closed crossing can run on it and no background flow runs on it: this disruption "
    "changes nothing",
    # ------------------------------------------------------------------ the network's checks
    "scn:unknown_line": "unknown line {name}; known: {known}",
    "scn:unknown_line_case": "unknown line {name} (ids are upper case: did you mean {hint}?); "
    "known: {known}",
    "scn:left_out": "settings for a line this run leaves out (logistics.only_lines: {run}); add "
    "{lid} to only_lines, or set logistics.lines without it (on the command line: {cli})",
    "scn:left_out_drop": "--set 'logistics.lines={{}}', which drops the settings of {kept} too: "
    "--set them again after it",
    "scn:unknown_node": "unknown node {name}",
    "scn:not_border": "{name} is not a border crossing; known: {known}",
    "scn:first_not_border": "the first node {name} is not a border crossing",
    "scn:no_edge": "no edge from {a} to {b}; the path must be connected",
    "scn:unknown_dest": "unknown destination {name}; served: {known}",
    "scn:unknown_dest_case": "unknown destination {name} (ids are upper case: did you mean "
    "{hint}?); served: {known}",
    "scn:unserved": "has demand ({share}) but no line or sea route in this scenario serves it",
    "scn:window_later": "window {a}..{b} lies outside the run {c}..{d}; run at least {n} days "
    "to see it (--set days={n}), or remove it",
    "scn:window_earlier": "window {a}..{b} lies outside the run {c}..{d}; it ended before the "
    "run starts: remove it, or start the run earlier",
    "scn:not_border_node": "{name} is not a border crossing node; crossings: {known}",
    "scn:line_not_run": "{name} is not run here (not in logistics.only_lines); lines of this "
    "scenario: {known}",
    "scn:not_line": "{name} is not a line; lines of this scenario: {known}",
    "scn:not_edge_at": "{name} is not an edge (write it FROM-TO, e.g. MSQ-BRE); edges at "
    "{node}: {edges}",
    "scn:not_edge": "{name} is not an edge (write it FROM-TO, e.g. MSQ-BRE)",
    "scn:festival_order": "dates must be in increasing order",
    "scn:festival_empty": "an empty list gives the run no Spring Festival, yet the deadline of "
    "{cats} is the festival; list its dates, or leave the key out for the lunar calendar's",
    "scn:festival_years": "{a} to {b} is outside the years {years} for which the lunar "
    "calendar gives Spring Festival dates; list them in calendar.spring_festival",
    # ------------------------------------------------------------------ the run's size
    "scn:size_orders": "the run would place about {n} orders, more than the {limit} one run "
    "can hold in memory; lower days, scale, buyers.visits_per_day, fair buyer_multiplier or "
    "online.orders_per_day",
    "scn:size_containers": "the run would pack about {n} containers, more than the {limit} one "
    "run can hold in memory; lower buyers.order_teu, online.order_teu, the order volume or scale",
    "scn:size_departures": "the run would dispatch about {n} departures, more than the {limit} "
    "one run can hold in memory; lower logistics.lines.*.trains_per_week, "
    "logistics.sea.feeder_trains_per_day, a disruption's trains_factor or days",
    "scn:size_crossings": "the run would record about {n} crossings, more than the {limit} one "
    "run can hold in memory; lower logistics.borders.*.background_trains_per_day, "
    "logistics.background_flows.*.trains_per_day, "
    "logistics.containers.eastbound.background_share, train frequencies or days",
    "scn:size_merchants": "the run would hold about {n} merchants, more than the {limit} one "
    "run can hold in memory; lower market.merchants or scale",
    "scn:size_unbounded": "an unbounded number of",
    "scn:more_problems": "... and {n} more problems ({kinds})",
    # ------------------------------------------------------------------ the schema's own checks
    "scn:date_range": "{day} is outside the supported dates {lo} to {hi}",
    "scn:date_number": "a date is written YYYY-MM-DD (a date and time YYYY-MM-DDTHH:MM), not as a "
    "number",
    # (pydantic's words, then its reader's reason, then how a date is written: the reason alone,
    # "invalid character in year" for 01/10/2025, said nothing of the form to use)
    "scn:moment": "Input should be a valid date or datetime, {why}; a date is written YYYY-MM-DD "
    "(a date and time YYYY-MM-DDTHH:MM)",
    # (a value where a part's mapping belongs, logistics.lines.L01=3: its class name alone
    # said nothing of what to write)
    # (pydantic's "instance of LineSpec" named a class of the code, not what to write)
    "scn:model": "Input should be a mapping of settings (key: value)",
    "scn:model_keys": "Input should be a mapping of settings (key: value), with the keys: {keys}",
    # (a number where a distribution belongs, buyers.order_teu=5: pydantic's "a valid dictionary
    # or object to extract fields from" said neither the key that names the kind nor the kinds)
    "scn:object_kind": "Input should be a mapping of settings (key: value) that names its kind, "
    "{field}: one of {tags}",
    # (pydantic's words for text that is no number, with the form to write when the text is a
    # number written another way: a decimal comma or thousands separator, a percent sign)
    "scn:float_comma": "Input should be a valid number, unable to parse string as a number; a "
    "number is written with a decimal point and no thousands separator (2.5, 1600)",
    "scn:int_comma": "Input should be a valid integer, unable to parse string as an integer; a "
    "number is written with a decimal point and no thousands separator (2.5, 1600)",
    "scn:float_percent": "Input should be a valid number, unable to parse string as a number; a "
    "percentage is written as a fraction, without % (60 % is 0.6)",
    "scn:int_percent": "Input should be a valid integer, unable to parse string as an integer; a "
    "percentage is written as a fraction, without % (60 % is 0.6)",
    # (a student switching a line off with trains_per_week=0)
    "scn:gt_line_off": "Input should be greater than 0; a line without trains is left out of "
    "logistics.only_lines (for a window: a line disruption with trains_factor: 0)",
    "scn:end_before": "end {end} is before start {start}",
    "scn:months_repeat": "months must not repeat, got {v}",
    "scn:not_calendar_day": "{m}/{d} is not a calendar day",
    "scn:category_unique": "category names must be unique, repeated: {dup}",
    "scn:not_judged_category": "reporting.deadlines_not_judged names {name}, which is not a "
    "goods category of market.categories; allowed: {known}",
    "scn:category_shares": "category shares must sum to 1, they sum to {x}",
    "scn:no_destination": "{what} must name at least one destination",
    "scn:share_value": "share of {k} must be a number >= 0, got {v}",
    "scn:shares": "the shares of {what} must sum to 1, they sum to {x}",
    "scn:shares_set": "the shares of {what} must sum to 1, they sum to {x}; --set changed one "
    "of them: give them all at once, {example}",
    "scn:category_shares_set": "category shares must sum to 1, they sum to {x}; --set changed "
    "one of them: give them all at once, {example}",
    "scn:order_size_zero": "every order would be of 0 TEU (the distribution's mean is 0); an "
    "order size needs a mean above 0",
    "scn:hours": "needs 0 <= open < close <= 24, got {v}",
    "scn:one_frequency": "give one of trains_per_week, timetable, poisson_per_week, not {given} "
    "(on the command line, set the one to drop to null in the same command: --set "
    "KEY.PATH=null)",
    "scn:festival_window": "festival_to_days ({to}) must be after festival_from_days ({fr}): the "
    "window is [from, to) days from the festival",
    "scn:pools_yiw": "pools_teu must list 'YIW' (Yiwu's boxes at the start)",
    "scn:repositioning_pool": "repositioning.rule {rule} needs a container pool: set "
    "containers.pools_teu (or rule 'none')",
    "scn:repositioning_east": "repositioning.rule 'return_on_eastbound' needs eastbound services: "
    "set containers.eastbound.enabled: true",
    "scn:announced_after": "announced {told} is after start {start} (on the start day itself "
    "it may carry a time, e.g. {start}T09:00)",
    "scn:surge_node": "surge_factor applies to a node (a border crossing) only",
    "scn:end_told_line": "end_announced applies to a node or an edge disruption, not to a line "
    "(a line's timetable is published with its disruption's dates)",
    "scn:end_told_before": "end_announced {end_told} is before the disruption is announced "
    "({told}); its end cannot be known before the disruption is",
    "scn:expected_needs_end_told": "expected_days needs end_announced: without it the end is "
    "known when the disruption is announced, and nothing is expected",
    "scn:needs_effect": "a {target} disruption needs one of {allowed}",
    "scn:not_apply": "{wrong} do not apply to a {target}; allowed: {allowed}",
    "scn:ends_after": "start {start} + days {days}: the run ends after {last}, the last supported "
    "date",
    "scn:warmup": "warmup_days ({w}) must be less than days ({d}); a shorter run needs a shorter "
    "warm-up ({hint} to count every order)",
    "scn:triangular": "needs low <= mode <= high and low < high, got {a}, {b}, {c}",
    "scn:uniform": "needs low < high, got low={lo}, high={hi}",
    "scn:weights_len": "weights has {n} entries but values has {m}",
    "scn:weights_zero": "weights must not all be zero",
    "scn:policy": "unknown {kind} policy {name}; allowed: {allowed}, or package.module:Class",
    "scn:plugin_form": "{name} is not package.module:Class (dotted Python names, one colon)",
    "scn:plugin_import": "cannot import module {module} for {name} ({why}); put it on PYTHONPATH "
    "or in the working directory",
    "scn:plugin_missing": "module {module} has no {qualname}",
    "scn:plugin_kind": "{name} is not a {kind} policy (a subclass of {what})",
    "scn:plugin_kind_any": "{name} is not a {kind} policy (a subclass of a {base} policy class)",
    "scn:policy_method": "{name} does not define {attr}(...), which every {kind} policy must (a "
    "subclass of {base} that answers it)",
    "scn:policy_params_type": "{cls}.Params must be a pydantic model, a dataclass or a class of "
    "annotated fields, not {declared}",
    "scn:policy_no_params": "the built-in {kind} policy {name} takes no params (its settings are "
    "keys beside {beside}); params are for a policy class that declares them",
    "scn:policy_param": "unknown parameter of {policy}; allowed: {allowed}",
    # ------------------------------------------------------------------ the file and --set
    "scn:empty": "the file is empty; a scenario is a YAML mapping of keys",
    "scn:top": "the top level must be a mapping of keys, got {kind}",
    "scn:no_file": "no such file: {path}",
    "scn:folder": "{path} is a folder, not a scenario file",
    "scn:utf8": "the file is not UTF-8 text",
    "scn:not_regular": "{path} is not a regular file (a device, pipe or socket); give a scenario "
    "file",
    "scn:cannot_read": "cannot read the file: {why}",
    "scn:unreadable": "value {value} cannot be read: {why}",
    "scn:set_form": "expected key.path=value",
    "scn:set_empty_key": "empty key in path (write key.path=value)",
    "scn:set_brackets": "a list item is named by its position after a dot ({dotted})",
    "scn:no_place": "no such place in the scenario ({why})",
    "scn:no_place_list": "{place} is a list, and a list takes a position {within}; got {item}",
    "scn:no_place_empty": "{place} is an empty list, so it has no item {item}; give the whole "
    "list in the scenario file or with --set '{place}=[...]'",
    "scn:no_place_value": "{place} is a value ({value}), not a mapping of keys",
    "scn:no_place_absent": "{place} is not in the scenario, so it has no item {item}; give the "
    "whole list in the scenario file or with --set '{place}=[...]'",
    "scn:set_before_invalid": "cannot fill in {part} from its defaults: the scenario as the "
    "overrides before this one leave it is not valid (the problems above); fix them, or give "
    "the overrides that do before this one",
    "scn:yaml": "not valid YAML at line {line}, column {col}: {why}",
    "scn:tab": "a tab character, which YAML does not take here; indent, and separate a key from "
    "its value, with spaces",
    "scn:duplicate": "duplicate key {name}",
    "scn:bad_date": "{value} is not a valid date ({why})",
    "scn:bad_int": "{value} is not a valid integer ({why})",
    "scn:bad_float": "{value} is not a valid number ({why})",
    "scn:bad_bool": "{value} is not a valid bool ({why})",
    "scn:bad_binary": "{value} is not a valid base64 text ({why})",
    "scn:bad_value": "{value} is not a valid {kind} ({why})",
    "scn:unhashable": "unhashable key {name}",
    "scn:yaml_bare": "not valid YAML: {why}",
    "scn:yaml_version": "the file declares %YAML {v}; scenario files are read as YAML 1.2 "
    "(remove the %YAML line)",
    "scn:too_large": "file is larger than {limit} bytes, the most a scenario file may hold (the "
    "shipped ones hold under 10,000)",
    "scn:yaml_aliases": "more than {n} aliases (*name); a file may repeat an anchored value "
    "(&name) at most {n} times: write the others out",
    "scn:yaml_depth": "nested more than {n} levels deep",
    "scn:yaml_expands": "the file expands to more than {n} values (YAML aliases?)",
    "scn:yaml_directive": "{line} is a directive line the reader cannot read; scenario files "
    "are read as YAML 1.2 and need no %YAML or %TAG line: remove it",
    "scn:yaml_directive_start": "{line} is a directive line with no '---' line after it; "
    "scenario files are read as YAML 1.2 and need no directive line: remove it",
    "scn:set_percent": "value {value} starts with %, which YAML reads as a directive line; put "
    'it in quotes (key="%...")',
    "scn:yaml_directive_twice": "{line} repeats a directive of an earlier line; scenario files "
    "are read as YAML 1.2 and need no %YAML or %TAG line: remove them",
    # the YAML reader's reasons (:data:`READER_WORDS`), each with the likely cure
    "scn:yaml_end": "found unexpected end of stream (most likely a quote or a bracket is not "
    "closed)",
    "scn:yaml_mapping": "mapping values are not allowed here (most likely the indentation is "
    "off, or a value with ': ' in it needs quotes)",
    "scn:yaml_alias": "found undefined alias {name} (an alias *name needs an anchor &name "
    "before it)",
    "scn:yaml_flow": "expected {choices}, but got {found} (most likely a comma is missing, or a "
    "bracket is not closed)",
    "scn:yaml_colon": "could not find expected ':' (write ': ' between a key and its value)",
    "scn:yaml_block": "expected <block end>, but found {found} (the indentation is uneven: a "
    "block should end here)",
    "scn:yaml_escape": "found unknown escape character {ch} (inside double quotes write a "
    "backslash twice, or use single quotes)",
    "scn:yaml_document": "but found another document (after a '---' line; a scenario file "
    "holds one document)",
    "scn:yaml_incompatible": "found incompatible YAML document (version 1.* is required) "
    "(scenario files are read as YAML 1.2: remove the %YAML line)",
    "scn:yaml_token": "found character {ch} that cannot start any token (put the value in quotes)",
    "scn:yaml_node": "expected the node content, but found {found} (a value is missing here: most "
    "likely a bracket or a quote is not closed, or a list ends with a comma)",
    "scn:why_tag": "could not determine a constructor for the tag {tag}: scenario files take "
    "YAML's plain values, lists and mappings only",
    "scn:at_point": "point {point}: {text}",
    "scn:vary_input": "--vary {vary}: {why}",
    # ------------------------------------------------------------------ a seed
    "arg:seed": "a seed is a whole number from 0 to {most} (2^63 - 1), got {value}",
    "arg:seed_text": "a seed is a whole number from 0 to {most}, got {value}",
    # ------------------------------------------------------------------ the schema's reader
    "scn:unknown_key_hint": "unknown key {name} (did you mean {hint}?); allowed keys: {allowed}",
    "scn:unknown_key": "unknown key {name}; allowed keys: {allowed}",
    "scn:unknown_key_bare": "unknown key {name}",
    "scn:missing": "required key is missing",
    "scn:bool": "a number is needed, not a true/false value",
    "scn:tag_missing": "the key {field} is missing: it says which kind this is, one of {tags}",
    "scn:tag_missing_as": "the key {field} is missing: it says which kind this is, one of {tags}; "
    "the kind is written {right}, not {wrong}",
    "scn:name_form": "a name is letters, digits and _ . - (at most 80 characters, the first a "
    "letter or a digit)",
    "scn:kind_unknown": "unknown kind {tag}; the kinds are {tags}",
    "scn:kind_unknown_hint": "unknown kind {tag} (did you mean {hint}?); the kinds are {tags}",
}
"""The English of each code (a :meth:`str.format` template over the problem's fields)."""

READER_WORDS: dict[str, str] = {
    "scn:yaml_end": "found unexpected end of stream",
    "scn:yaml_mapping": "mapping values are not allowed here",
    "scn:yaml_alias": "found undefined alias {name}",
    "scn:yaml_flow": "expected {choices}, but got {found}",
    "scn:yaml_colon": "could not find expected ':'",
    "scn:yaml_block": "expected <block end>, but found {found}",
    "scn:yaml_escape": "found unknown escape character {ch}",
    "scn:yaml_document": "but found another document",
    "scn:yaml_incompatible": "found incompatible YAML document (version 1.* is required)",
    "scn:yaml_token": "found character {ch} that cannot start any token",
    "scn:yaml_node": "expected the node content, but found {found}",
    "scn:why_tag": "could not determine a constructor for the tag {tag}",
}
"""The YAML reader's (ruamel.yaml's) own words for the reasons it gives most, as templates over
the parts that vary: :func:`reader_reason` reads a reason back to its code, whose English
(:data:`ENGLISH`) adds the likely cure, as its Chinese does."""


def template_pattern(template: str) -> re.Pattern[str]:
    """A ``{field}`` template as a pattern that reads its fields back as named groups (a field
    said twice is the same text both times): how a line in words is read back to its code."""
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    pattern = ""
    for i, p in enumerate(parts):
        if i % 2 == 0:
            pattern += re.escape(p)
        elif p in seen:
            pattern += f"(?P={p})"
        else:
            seen.add(p)
            pattern += f"(?P<{p}>.+?)"
    return re.compile(pattern + r"\Z", re.S)


@functools.cache
def _reader_patterns() -> list[tuple[re.Pattern[str], str]]:
    """:data:`READER_WORDS` as patterns, compiled when a file first cannot be read."""
    return [(template_pattern(words), code) for code, words in READER_WORDS.items()]


def reader_reason(words: str) -> str:
    """The YAML reader's reason ``words`` as a :class:`Problem` of its code when
    :data:`READER_WORDS` has its wording (the cure said in every language), else ``words``."""
    for pattern, code in _reader_patterns():
        m = pattern.match(words)
        if m:
            return problem(code, **m.groupdict())
    return words


ENGLISH_ONE: dict[str, tuple[str, str]] = {
    "scn:more_problems": ("n", "... and {n} more problem ({kinds})"),
    # (values has {m}: only the first count has a noun to agree)
    "scn:weights_len": ("n", "weights has {n} entry but values has {m}"),
}
"""Codes whose English has a form for a count of one, as gettext's ``ngettext`` has: the field
that counts and the singular form (verb included), said when that field is one; the glossary
keeps them as its entries' ``count`` and ``en_one``."""


class Problem(str):
    """One problem (or warning) in English that keeps its ``code``, ``fields``, key path
    ``where`` and the value given ``got`` (module docstring).

    Its text is ``where: <the code's wording> (got <got>)``, the parts that are None left out.
    ``cut`` is the length its English was cut to (:meth:`shortened`), None when it is whole.
    """

    code: str
    fields: dict[str, Any]
    where: str | None
    got: str | None
    cut: int | None

    def __new__(
        cls,
        code: str,
        text: str,
        fields: dict[str, Any],
        where: str | None = None,
        got: str | None = None,
        cut: int | None = None,
    ) -> Problem:
        obj = super().__new__(cls, text)
        obj.code, obj.fields, obj.where, obj.got, obj.cut = code, fields, where, got, cut
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # problems cross to and from worker processes
        return (Problem, (self.code, str(self), self.fields, self.where, self.got, self.cut))

    def shortened(self, chars: int) -> Problem:
        """This problem with its English cut to ``chars`` characters, ``...`` last (itself when
        it fits): it keeps its code and values, and is cut alike in another language (a
        slice of a ``str`` would be a plain line, said in English only)."""
        if len(self) <= chars:
            return self
        text = self[: chars - 3] + "..."
        return Problem(self.code, text, self.fields, self.where, self.got, chars)


class Kinds(str):
    """The counts by kind of problem in the closing "... and N more problems" line: its English
    as it always was ("unknown key: 19,950; ..."), which also keeps ``counts``, one
    ``(code, English kind, n)`` for each kind of problem and code counted (code None for a
    problem without one), so that another language names each kind from its code.
    """

    counts: tuple[tuple[str | None, str, int], ...]

    def __new__(cls, text: str, counts: tuple[tuple[str | None, str, int], ...]) -> Kinds:
        obj = super().__new__(cls, text)
        obj.counts = counts
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # (inside a problem that crosses processes)
        return (Kinds, (str(self), self.counts))


_ONE_OF_MANY = re.compile(
    r"(?<![\d.,])1 (departure|sailing|train|Yiwu train|extra train|extra loader|loader|order|"
    r"day|week|season)s\b"
)
"""A count of one before a plural noun the templates count ("its {per_week} departures a
week"): said in the singular ("its 1 departure a week"); Chinese has no plural."""

_ONE_CARRIES = re.compile(r"(?<![\d.,])1 ((?:published )?(?:departure|sailing))s a week carry\b")
"""The capacity warnings' "its {per_week} departures a week carry": of one, "carries"."""


def one_in_singular(text: str) -> str:
    """English ``text`` with a count of one said with its noun in the singular ("1 train",
    "1 departure a week carries"), where a template counts with ``{n} trains``."""
    if "1 " not in text:
        return text
    return _ONE_OF_MANY.sub(r"1 \1", _ONE_CARRIES.sub(r"1 \1 a week carries", text))


def english(code: str, **fields: Any) -> str:
    """The English of ``code`` (:data:`ENGLISH`) with ``fields``: a count of one in the form
    for one where the code has one (:data:`ENGLISH_ONE`), else with its noun in the singular
    (:func:`one_in_singular`)."""
    template = ENGLISH[code]
    if code in ENGLISH_ONE:
        count, one = ENGLISH_ONE[code]
        if str(fields.get(count, "")).strip() == "1":
            template = one
    return one_in_singular(template.format(**fields))


def problem(code: str, *, at: str | None = None, got: str | None = None, **fields: Any) -> Problem:
    """The problem ``code`` at key path ``at`` (value given: ``got``), worded in English by
    :func:`english` with ``fields``."""
    return worded(code, english(code, **fields), at=at, got=got, **fields)


def worded(
    code: str, body: str, *, at: str | None = None, got: str | None = None, **fields: Any
) -> Problem:
    """The problem ``code`` at key path ``at`` whose English ``body`` is worded elsewhere
    (pydantic's own words, say), keeping its fields for the glossary's wording of ``code``."""
    text = f"{at}: {body}" if at else body
    if got is not None:
        text = f"{text} (got {got})"
    return Problem(code, text, fields, at, got)

"""Units a column is in, decided from its header (or refused), before the pipeline parses it.

A number is only as right as its unit. Durations, technician costs and capacities come in several units in real
exports (minutes in helpdesk worklogs, annual salaries in HR lists, FTE fractions in capacity plans); the canonical
fields are hours, cost per hour and hours a week. The unit comes from the header ("Minutes", "Annual Cost", "FTE",
or a mapping to ``minutes`` / ``annual_cost`` / ``monthly_cost`` / ``fte``) and is converted here, said in a
warning. A neutral header whose values cannot be in the canonical unit (a "Time Spent" of 45, a "Cost" of 72,000
an hour) is refused naming the unit to give: never loaded with a guessed unit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import mapping, values
from moat.ingest.headings import exact_col, series

STANDARD_WEEK = Decimal(40)  # hours a full-time technician works a week (the utilisation default)
YEAR_HOURS = STANDARD_WEEK * 52  # 2,080 paid hours a year
MAX_HOURLY_COST = Decimal(500)  # no fully loaded hourly cost is above this; a figure above is yearly or monthly
# no technician costs less than this an hour (the lowest statutory minimum wages in the currencies MSPs bill in are
# above it): a yearly salary that works out below it is a monthly one (4,200 a month read as a year is 2.02 an hour)
MIN_HOURLY_COST = Decimal(5)
MAX_FTE = Decimal("1.5")
MAX_SEAT_COST = Decimal(500)  # a cost per seat a month above this is a line total more likely than a seat's price
_NEUTRAL_COST = {"cost", "price", "amount", "cost price"}
_NEUTRAL_DURATION = {"time spent", "duration", "time taken", "time", "total time"}


def _numbers(rows: pl.DataFrame, col: str) -> pl.Series:
    """The column as exact decimals (null where empty or not a plain amount)."""
    return values.money(series(rows, col).cast(pl.Utf8))


def _shown(v: Decimal) -> str:
    return f"{v:,.2f}"


def _replace(rows: pl.DataFrame, col: str, new: pl.Series) -> pl.DataFrame:
    """Write converted numbers back as text (4 decimals), keeping cells that did not parse as they were."""
    as_text = new.cast(pl.Float64).round(4).cast(pl.Utf8)
    return rows.with_columns(pl.when(as_text.is_not_null()).then(as_text).otherwise(exact_col(col)).alias(col))


def convert(rows: pl.DataFrame, det: mapping.Detection, file_name: str, warnings: list[str], *, by_person: bool = False
            ) -> pl.DataFrame:
    """Convert the unit-bearing columns of ``det`` in ``rows`` and retarget them to the canonical field.

    ``by_person``: a mapping profile chose the targets (a person said the unit), so neutral headers are trusted."""
    by_target = {t: c for c, t in det.columns.items()}
    if det.dataset == "time_entries":
        rows = _minutes(rows, det, by_target, file_name, warnings, by_person)
    if det.dataset == "licenses" and not by_person:
        rows = _licence_cost(rows, det, by_target, file_name, warnings)
    if det.dataset == "technicians":
        rows = _capacity(rows, det, by_target, file_name, warnings, by_person)  # first: a yearly cost is per the hours worked
        rows = _cost(rows, det, {t: c for c, t in det.columns.items()}, file_name, warnings, by_person)
    return rows


# A duration's unit as its heading says it, and what one of it is in hours (h74 D2: seconds loaded as minutes or hours)
DURATION_UNITS = {"hours": Decimal(1), "minutes": Decimal(60), "seconds": Decimal(3600)}
_UNIT_WORDS = {"hours": r"hours?|hrs?", "minutes": r"minutes?|mins?", "seconds": r"seconds?|secs?"}


def said_unit(header: str) -> str | None:
    """The one duration unit ``header`` names (`Duration (seconds)`, `Time Spent (secs)`, `Duration (s)`), or None
    where it names none or several (`Hours Minutes`)."""
    key = mapping.header_key(header)
    said = {u for u, words in _UNIT_WORDS.items() if re.search(rf"(?:^| )(?:{words})(?: |$)", key)}
    if re.search(r"[(\[]\s*s\s*[)\]]\s*$", str(header)):  # `Duration (s)`: the SI symbol in brackets
        said.add("seconds")
    return next(iter(said)) if len(said) == 1 else None


def _refuse_other_unit(det: mapping.Detection, file_name: str) -> None:
    """A duration mapped to a unit its heading contradicts: `Total time spent (sec)` as minutes loads 60x the hours,
    as hours 3600x (h74 D2), `Minutes` as hours 60x (h41 D12). Refused naming the mapping the heading says."""
    for col, target in det.columns.items():
        said = said_unit(col) if target in DURATION_UNITS else None
        if said is None or said == target:
            continue
        times = DURATION_UNITS[said] / DURATION_UNITS[target]
        raise FileRejected(
            file_name, f"`{col}` is mapped to {target}, but its header says it is in {said} (each of its {said} would load "
            f"as {'an hour' if target == 'hours' else 'a minute' if target == 'minutes' else 'a second'}: "
            f"{times:f}x the hours)" if times > 1 else f"`{col}` is mapped to {target}, but its header says it is in {said}",
            f"map it as {said} (hours = {said}{'' if said == 'hours' else f' / {DURATION_UNITS[said]:f}'}): moat ingest "
            f"{file_name} --dataset time_entries --mapping map.yaml with columns: {{\"{col}\": {said}}}")


def _minutes(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str, warnings: list[str],
             by_person: bool) -> pl.DataFrame:
    _refuse_other_unit(det, file_name)
    rows = _seconds(rows, det, by_target, file_name, warnings)
    col = by_target.get("minutes")
    if col is not None:
        if "hours" in by_target:
            return _hours_and_minutes(rows, det, by_target["hours"], col, file_name, warnings)
        nums = _numbers(rows, col)
        rows = _replace(rows, col, nums.cast(pl.Float64) / 60)
        det.columns[col] = "hours"
        warnings.append(f"`{col}` is in minutes (its header says so): hours = minutes / 60" if said_unit(col) == "minutes"
                        else f"`{col}` is in minutes (as mapped): hours = minutes / 60")
        return rows
    col = by_target.get("hours")
    if col is None or by_person or mapping.header_key(col) not in _NEUTRAL_DURATION:
        return rows
    nums = _numbers(rows, col).drop_nulls()
    if nums.len() == 0:
        return rows
    top = Decimal(str(nums.max()))
    whole = bool((nums.cast(pl.Float64) % 1 == 0).all())
    if top > 24 or (whole and top >= 10):
        why = (f"a value of {top.normalize():f} is more than 24 hours" if top > 24 else
               f"every value is a whole number, up to {top.normalize():f}")
        raise FileRejected(
            file_name, f"`{col}` looks like minutes, not hours ({why}) and its header does not say the unit",
            f"say the unit: rename the column `{col} (min)`, `{col} (sec)` or `{col} (hrs)`, or map it: moat ingest "
            f"{file_name} --dataset time_entries --mapping map.yaml with columns: {{\"{col}\": minutes}} (or seconds, hours)")
    return rows


def _seconds(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str,
             warnings: list[str]) -> pl.DataFrame:
    """A duration in seconds (Zendesk's `Total time spent (sec)`, API pulls' `Duration (seconds)`): hours = seconds /
    3600. Beside another duration column it must be the same duration (then unused); anything else is refused."""
    col = by_target.get("seconds")
    if col is None:
        return rows
    secs = _numbers(rows, col).cast(pl.Float64)
    other = by_target.get("hours") or by_target.get("minutes")
    if other is not None:
        per = float(DURATION_UNITS["seconds"] / DURATION_UNITS["hours" if "hours" in by_target else "minutes"])
        them = _numbers(rows, other).cast(pl.Float64)
        both = secs.is_not_null() & them.is_not_null()
        if not bool(both.any()) or bool(((them * per - secs).abs() < 0.5).filter(both).all()):
            det.columns[col] = mapping.IGNORE
            by_target.pop("seconds")
            return rows
        raise FileRejected(
            file_name, f"`{other}` and `{col}` are both durations but not the same duration",
            f"keep one of them: moat ingest {file_name} --dataset time_entries --mapping map.yaml with columns: "
            f"{{\"{other}\": ignore, \"{col}\": seconds}} (or the other way round)")
    rows = _replace(rows, col, secs / 3600)
    det.columns[col] = "hours"
    by_target.pop("seconds")
    by_target["hours"] = col
    warnings.append(f"`{col}` is in seconds ({'its header says so' if said_unit(col) == 'seconds' else 'as mapped'}): "
                    "hours = seconds / 3600")
    return rows


def _hours_and_minutes(rows: pl.DataFrame, det: mapping.Detection, hcol: str, mcol: str, file_name: str,
                       warnings: list[str]) -> pl.DataFrame:
    """An hours column and a minutes column: the same duration twice, or a duration split in two (1 h + 30 min).

    Hand-kept timesheets and some trackers split a duration into whole hours and the minutes past them; dropping the
    minutes loses every short ticket. Same duration twice (minutes = hours x 60 on every row): hours is used. Split
    (whole hours, minutes under 60): hours + minutes / 60. Anything else is refused: no guess between the two."""
    hours = _numbers(rows, hcol).cast(pl.Float64)
    mins = _numbers(rows, mcol).cast(pl.Float64)
    both = hours.is_not_null() & mins.is_not_null()
    if not bool(both.any()) or bool(((hours * 60 - mins).abs() < 0.5).filter(both).all()):
        det.columns[mcol] = mapping.IGNORE
        return rows
    h, m = hours.filter(hours.is_not_null()), mins.filter(mins.is_not_null())
    if bool((h % 1 == 0).all()) and bool(((m >= 0) & (m < 60)).all()):
        rows = _replace(rows, hcol, hours.fill_null(0) + mins.fill_null(0) / 60)
        det.columns[mcol] = mapping.IGNORE
        warnings.append(f"`{hcol}` and `{mcol}` split the duration (whole hours and the minutes past them): "
                        f"hours = {hcol} + {mcol} / 60")
        return rows
    raise FileRejected(
        file_name, f"`{hcol}` and `{mcol}` are both durations but neither the same duration twice (minutes = hours x 60) "
        "nor hours split into whole hours and the minutes under 60",
        f"keep one of them: moat ingest {file_name} --dataset time_entries --mapping map.yaml with columns: "
        f"{{\"{hcol}\": hours, \"{mcol}\": ignore}} (or {{\"{hcol}\": ignore, \"{mcol}\": minutes}})")


def _licence_cost(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str,
                  warnings: list[str]) -> pl.DataFrame:
    """A bare `Cost` (or `Price`) beside the seats: the cost of one seat, or of the whole line?

    People type what the distributor's invoice line costs; exports give the cost per seat. Read the wrong way the
    month's cost is off by the seat count. The numbers settle it where a product has lines of different seat counts:
    the same cost on each (per seat) or the same cost per seat once divided (line total). Where they do not, a cost
    above ``MAX_SEAT_COST`` a seat a month is refused, naming the mapping; smaller ones stay per seat."""
    col, seats_col = by_target.get("unit_cost"), by_target.get("seats_purchased")
    if col is None or seats_col is None or "total_cost" in by_target or mapping.header_key(col) not in _NEUTRAL_COST:
        return rows
    frame = pl.DataFrame({"cost": _numbers(rows, col).cast(pl.Float64), "seats": _numbers(rows, seats_col).cast(pl.Float64),
                          "product": series(rows, by_target["product"]).cast(pl.Utf8) if "product" in by_target else pl.lit("")})
    frame = frame.filter(pl.col("cost").is_not_null() & (pl.col("seats") > 0) & (pl.col("cost") != 0))
    per_seat = line_total = False
    for _, g in frame.group_by("product"):
        if g["seats"].n_unique() < 2:
            continue
        same_cost = float(g["cost"].max() - g["cost"].min()) < 0.005
        ratio = g["cost"] / g["seats"]
        same_ratio = float(ratio.max() - ratio.min()) < 0.005
        per_seat |= same_cost and not same_ratio
        line_total |= same_ratio and not same_cost
    hint = (f"say what `{col}` is: rename it `Cost per Seat` or `Total Cost`, or map it: moat ingest {file_name} --dataset "
            f"licenses --mapping map.yaml with columns: {{\"{col}\": total_cost}} (or unit_cost)")
    if per_seat and line_total:
        raise FileRejected(file_name, f"`{col}` is the cost per seat on some products and the line total on others", hint)
    if line_total:
        det.columns[col] = "total_cost"
        by_target.pop("unit_cost", None)
        by_target["total_cost"] = col
        warnings.append(f"`{col}` is the cost of the whole line (divided by `{seats_col}` it gives the same cost per seat "
                        f"on lines of the same product): cost per seat = {col} / {seats_col}")
        return rows
    many = frame.filter(pl.col("seats") > 1)
    if not per_seat and many.height and float(many["cost"].max()) > float(MAX_SEAT_COST):
        top = Decimal(str(many["cost"].max()))
        raise FileRejected(
            file_name, f"`{col}` holds {_shown(top)} on a line of several seats, more than {_shown(MAX_SEAT_COST)} a seat a "
            "month: the line's total or the cost per seat? Its header does not say, and the numbers do not settle it", hint)
    return rows


def _cost(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str, warnings: list[str],
          by_person: bool) -> pl.DataFrame:
    for target, per_year in (("annual_cost", Decimal(1)), ("monthly_cost", Decimal(12))):
        col = by_target.get(target)
        if col is None:
            continue
        if "hourly_cost" in by_target:
            det.columns[col] = mapping.IGNORE
            continue
        nums = _numbers(rows, col)
        week = pl.Series([float(STANDARD_WEEK)] * rows.height)
        cap = by_target.get("weekly_capacity_hours")
        if cap is not None:  # a part-timer's yearly cost is paid for the hours they work: capacity x 52
            hours = _numbers(rows, cap).cast(pl.Float64)
            week = pl.Series(hours).zip_with(hours.is_not_null() & (hours > 0), week)
        hourly = nums.cast(pl.Float64) * float(per_year) / (week * 52)
        _plausible_hourly(hourly, col, target, file_name)
        rows = _replace(rows, col, hourly)
        det.columns[col] = "hourly_cost"
        by_target["hourly_cost"] = col
        unit = "a year" if per_year == 1 else "a month"
        per = f"(`{cap}` x 52 weeks; {STANDARD_WEEK:f} h where it is empty)" if cap else f"({STANDARD_WEEK:f} h x 52 weeks)"
        warnings.append(f"`{col}` is a cost {unit} (its header says so): hourly cost = {'' if per_year == 1 else '12 x '}"
                        f"{col} / {'hours a year' if cap else f'{YEAR_HOURS:f} hours'} {per}")
        return rows
    col = by_target.get("hourly_cost")
    if col is None or by_person:
        return rows
    nums = _numbers(rows, col).drop_nulls()
    if nums.len() and Decimal(str(nums.max())) > MAX_HOURLY_COST:
        top = Decimal(str(nums.max()))
        raise FileRejected(
            file_name, f"`{col}` holds {_shown(top)}, more than {_shown(MAX_HOURLY_COST)} an hour: a yearly or monthly figure, "
            "not an hourly cost, and its header does not say which",
            f"say the unit: rename the column `Annual Cost`, `Monthly Cost` or `Hourly Cost`, or map it: moat ingest {file_name} "
            f"--dataset technicians --mapping map.yaml with columns: {{\"{col}\": annual_cost}} (or monthly_cost, hourly_cost)")
    return rows


WORK_DAYS = 5  # days a full-time week has
_PER_PERIOD = {"daily_capacity_hours": ("a day", float(WORK_DAYS), 24.0),  # unit, x to a week, most a period can hold
               "monthly_capacity_hours": ("a month", 12 / 52, 744.0)}


def _capacity_per_day_or_month(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str,
                               warnings: list[str]) -> pl.DataFrame:
    """Capacity in hours a day (ConnectWise members' ``dailyCapacity``, ``Hours per Day``) or a month (``Monthly
    Capacity``) becomes hours a week (x 5 days; x 12 / 52) instead of being left unused while the 40 h default fills
    the field (h63 F7: a 6 h/day technician's available hours were overstated by a third). A weekly column beside it
    wins; a value no day or month can hold is refused naming the column."""
    for target, (unit, to_week, most) in _PER_PERIOD.items():
        col = by_target.get(target)
        if col is None:
            continue
        if "weekly_capacity_hours" in by_target or "fte" in by_target:
            det.columns[col] = mapping.IGNORE
            continue
        nums = _numbers(rows, col).cast(pl.Float64)
        known = nums.drop_nulls()
        if known.len() and float(known.max()) > most:
            raise FileRejected(
                file_name, f"`{col}` is a capacity in hours {unit} but holds {_shown(Decimal(str(known.max())))}, more "
                f"than {most:g} hours {unit}",
                f"write the capacity in hours {unit}, or map the column: --mapping map.yaml with columns: "
                f"{{\"{col}\": weekly_capacity_hours}} (hours a week)")
        rows = _replace(rows, col, nums * to_week)
        det.columns[col] = "weekly_capacity_hours"
        by_target.pop(target)
        by_target["weekly_capacity_hours"] = col
        how = f"x {WORK_DAYS} working days" if target == "daily_capacity_hours" else "x 12 months / 52 weeks"
        warnings.append(f"`{col}` is a capacity in hours {unit} (its header says so): weekly capacity = {col} {how}")
        return rows
    return rows


def _plausible_hourly(hourly: pl.Series, col: str, target: str, file_name: str) -> None:
    """Refuse a yearly or monthly cost whose hourly cost is not one a technician can have (h63 F17).

    A salary column's header often does not say its period (``Salary``), and European and UK payroll exports give
    the monthly gross: read as a year, 4,200 is 2.02 an hour and every client's margin is inflated 12x. Below
    ``MIN_HOURLY_COST`` the figure is not yearly; above ``MAX_HOURLY_COST`` it is not monthly. Either way the file is
    refused naming the column and the mapping that says its period: never loaded with a guessed one."""
    known = hourly.drop_nulls().filter(hourly.drop_nulls() > 0)
    if known.len() == 0:
        return
    low, high = Decimal(str(round(known.min(), 2))), Decimal(str(round(known.max(), 2)))
    if target == "annual_cost" and low < MIN_HOURLY_COST:
        as_monthly = low * 12
        likely = "a monthly cost" if as_monthly >= MIN_HOURLY_COST and high * 12 <= MAX_HOURLY_COST else "not a yearly cost"
        raise FileRejected(
            file_name, f"`{col}` read as a cost a year gives {_shown(low)} an hour, below {_shown(MIN_HOURLY_COST)}: it is "
            f"{likely} (a salary of a few thousand is a month's pay), and its header does not say the period",
            f"say the period: rename the column `Monthly Salary` (or `Annual Salary`), or map it: moat ingest {file_name} "
            f"--dataset technicians --mapping map.yaml with columns: {{\"{col}\": monthly_cost}} (or annual_cost, hourly_cost)")
    if target == "monthly_cost" and high > MAX_HOURLY_COST:
        raise FileRejected(
            file_name, f"`{col}` read as a cost a month gives {_shown(high)} an hour, above {_shown(MAX_HOURLY_COST)}: it is "
            "not a monthly cost (a yearly one?)",
            f"say the period: rename the column `Annual Salary`, or map it: moat ingest {file_name} --dataset technicians "
            f"--mapping map.yaml with columns: {{\"{col}\": annual_cost}} (or monthly_cost)")


def _capacity(rows: pl.DataFrame, det: mapping.Detection, by_target: dict[str, str], file_name: str, warnings: list[str],
              by_person: bool) -> pl.DataFrame:
    rows = _capacity_per_day_or_month(rows, det, by_target, file_name, warnings)
    fte = by_target.get("fte")
    col = by_target.get("weekly_capacity_hours")
    if fte is not None and col is not None:
        det.columns[fte] = mapping.IGNORE
        fte = None
    col = col or fte
    if col is None:
        return rows
    raw = series(rows, col).cast(pl.Utf8).str.strip_chars()
    present = raw.filter(raw.is_not_null() & (raw != ""))
    if present.len() == 0:
        return rows
    pct = present.str.ends_with("%")
    if bool(pct.any()):
        if not bool(pct.all()):
            raise FileRejected(file_name, f"`{col}` mixes percentages and hours",
                               f"write every capacity the same way (hours a week, or a % of {STANDARD_WEEK:f} h)")
        nums = values.money(series(rows, col).cast(pl.Utf8).str.replace(r"\s*%\s*$", "")).cast(pl.Float64) / 100
        shown = "a percentage of full time"
    else:
        nums = _numbers(rows, col).cast(pl.Float64)
        known = nums.drop_nulls()
        if known.len() == 0:
            return rows
        fraction = bool((known <= float(MAX_FTE)).all()) and bool((known > 0).all())
        if fte is None and not fraction:
            if bool((known <= float(MAX_FTE)).any()) and not by_person:
                raise FileRejected(
                    file_name, f"`{col}` mixes fractions of full time ({_shown(Decimal(str(known.min())))}) with hours a week "
                    f"({_shown(Decimal(str(known.max())))})",
                    f"write every capacity as hours a week, or map the column: --mapping map.yaml with columns: {{\"{col}\": fte}}")
            return rows
        if fte is not None and not fraction:
            raise FileRejected(file_name, f"`{col}` is a full-time equivalent but holds {_shown(Decimal(str(known.max())))}: "
                               f"an FTE is a fraction of full time between 0 and {MAX_FTE}",
                               "write the FTE as a fraction (1.0 = full time, 0.5 = half), or map hours a week to weekly_capacity_hours")
        if by_person and fte is None:
            return rows
        shown = "a fraction of full time (FTE)"
    rows = _replace(rows, col, nums * float(STANDARD_WEEK))
    det.columns[col] = "weekly_capacity_hours"
    warnings.append(f"`{col}` is {shown}: weekly capacity = it x the standard week of {STANDARD_WEEK:f} hours")
    return rows


def apply(table: Any, det: mapping.Detection, warnings: list[str], *, by_person: bool = False) -> Any:
    """``convert`` on a ``readers.Table`` in place (its rows replaced); returns the table."""
    table.rows = convert(table.rows, det, table.file_name, warnings, by_person=by_person)
    return table

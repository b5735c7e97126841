"""Demand forecast for restocking: a moving average over the last weeks of sales."""
from collections import defaultdict
from datetime import date, timedelta

from report import Sale


def weekly_units(sales: list[tuple[date, Sale]]) -> dict[str, list[int]]:
    weeks: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for day, sale in sales:
        week = day.isocalendar().week
        weeks[sale.sku][week] += sale.quantity
    return {sku: [units for _, units in sorted(by_week.items())] for sku, by_week in weeks.items()}


def moving_average(values: list[int], window: int = 4) -> float:
    if not values:
        return 0.0
    recent = values[-window:]
    return sum(recent) / len(recent)


def reorder_quantity(history: list[int], on_hand: int, lead_time_weeks: int = 2) -> int:
    expected = moving_average(history) * lead_time_weeks
    return max(0, round(expected - on_hand))


def restock_plan(sales: list[tuple[date, Sale]], stock: dict[str, int]) -> dict[str, int]:
    plan = {}
    for sku, history in weekly_units(sales).items():
        quantity = reorder_quantity(history, stock.get(sku, 0))
        if quantity > 0:
            plan[sku] = quantity
    return plan


def last_weeks(today: date, weeks: int) -> list[date]:
    return [today - timedelta(weeks=w) for w in range(weeks)]

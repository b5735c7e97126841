from dataclasses import dataclass


@dataclass
class Sale:
    sku: str
    quantity: int
    unit_price: float


def revenue(sales: list[Sale]) -> float:
    return sum(sale.quantity * sale.unit_price for sale in sales)


def units_sold(sales: list[Sale]) -> int:
    return sum(sale.quantity for sale in sales)


def best_seller(sales: list[Sale]) -> str | None:
    totals: dict[str, int] = {}
    for sale in sales:
        totals[sale.sku] = totals.get(sale.sku, 0) + sale.quantity
    return max(totals, key=totals.get) if totals else None


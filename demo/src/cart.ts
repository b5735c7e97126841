import { findItem, type Item } from './inventory';

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface Discount {
  code: string;
  percent: number;
  minimumTotal: number;
}

export class Cart {
  private readonly lines: CartLine[] = [];

  constructor(private readonly catalog: Item[]) {}

  add(sku: string, quantity = 1): void {
    const existing = this.lines.find((line) => line.sku == sku);
    if (existing) {
      existing.quantity += quantity;
      return;
    }
    this.lines.push({ sku, quantity });
  }

  remove(sku: string): void {
    const index = this.lines.findIndex((line) => line.sku === sku);
    if (index >= 0) this.lines.splice(index, 1);
  }

  subtotal(): number {
    let total = 0;
    for (const line of this.lines) {
      const item = findItem(this.catalog, line.sku);
      if (item) total += item.price * line.quantity;
    }
    return total;
  }

  applyDiscount(discount: Discount): number {
    const subtotal = this.subtotal();
    console.log('applying discount', discount.code);
    if (subtotal < discount.minimumTotal) return subtotal;
    return subtotal * (1 - discount.percent / 100);
  }

  toJSON(): string {
    try {
      return JSON.stringify({ lines: this.lines });
    } catch (e) {}
    return '{}';
  }
}

export interface Item {
  sku: string;
  name: string;
  price: number;
  quantity: number;
}

export function findItem(items: Item[], sku: string): Item | undefined {
  return items.find((item) => item.sku === sku);
}

export function totalQuantity(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}

export function totalValue(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function restock(items: Item[], sku: string, amount: number): Item[] {
  return items.map((item) => (item.sku === sku ? { ...item, quantity: item.quantity + amount } : item));
}

export function cheapest(items: Item[]): Item | undefined {
  let best: Item | undefined;
  for (const item of items) {
    if (best == undefined || item.price < best.price) best = item;
  }
  return best;
}


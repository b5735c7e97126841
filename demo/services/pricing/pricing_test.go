package pricing

import (
	"testing"
	"time"
)

func TestShelfPrice(t *testing.T) {
	got, err := ShelfPrice(Product{SKU: "A1", Cost: 10, Margin: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	if got != 12.5 {
		t.Errorf("ShelfPrice = %v, want 12.5", got)
	}
}

func TestShelfPriceNegativeCost(t *testing.T) {
	if _, err := ShelfPrice(Product{SKU: "B2", Cost: -1}); err != ErrNegativeCost {
		t.Errorf("err = %v, want ErrNegativeCost", err)
	}
}

func TestPromotedPrice(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	promo := Promotion{SKU: "A1", Percent: 10, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}
	got, err := PromotedPrice(Product{SKU: "A1", Cost: 10, Margin: 0.25}, []Promotion{promo}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got != 11.25 {
		t.Errorf("PromotedPrice = %v, want 11.25", got)
	}
}

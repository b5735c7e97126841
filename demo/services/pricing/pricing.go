// Package pricing computes shelf prices from cost, margin and promotions.
package pricing

import (
	"errors"
	"math"
	"time"
)

// Product is one catalog entry as the pricing service sees it.
type Product struct {
	SKU    string
	Cost   float64
	Margin float64
}

// Promotion lowers the price of a product between two dates.
type Promotion struct {
	SKU     string
	Percent float64
	Starts  time.Time
	Ends    time.Time
}

// ErrNegativeCost is returned for products whose cost is below zero.
var ErrNegativeCost = errors.New("pricing: negative cost")

// ShelfPrice is cost plus margin, rounded to the cent.
func ShelfPrice(p Product) (float64, error) {
	if p.Cost < 0 {
		return 0, ErrNegativeCost
	}
	return roundCents(p.Cost * (1 + p.Margin)), nil
}

// Active reports whether the promotion applies at the given time.
func (promo Promotion) Active(at time.Time) bool {
	return !at.Before(promo.Starts) && at.Before(promo.Ends)
}

// PromotedPrice applies the first active promotion for the product, if any.
func PromotedPrice(p Product, promos []Promotion, at time.Time) (float64, error) {
	price, err := ShelfPrice(p)
	if err != nil {
		return 0, err
	}
	for _, promo := range promos {
		if promo.SKU == p.SKU && promo.Active(at) {
			return roundCents(price * (1 - promo.Percent/100)), nil
		}
	}
	return price, nil
}

func roundCents(v float64) float64 {
	return math.Round(v*100) / 100
}

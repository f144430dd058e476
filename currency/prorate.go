package currency

import (
	"fmt"
	"sort"

	"github.com/cockroachdb/apd/v3"
)

// ProrateWeightsMax bounds the number of parts Prorate produces.
const ProrateWeightsMax = 100_000

// Prorate splits total into len(weights) parts proportional to weights, in
// total's minor units, by the largest-remainder method: each part gets the
// floor of its exact share, and the units left over go one each to the parts
// with the largest remainders, ties to the earliest. The parts always sum to
// total exactly and never differ from their exact share by a unit or more.
//
// Weights are amounts (of any one currency): typically the tax-excluded
// lines a discount or a tax is spread over. A weight may be negative (a
// rebate line lowers its group), and its part then has the opposite sign of
// total; the weights must not sum to zero (ErrWeights). Weights in two
// currencies are a *MismatchError.
func Prorate(total Amount, weights []Amount) ([]Amount, error) {
	if !total.IsSet() {
		return nil, ErrNoCurrency
	}
	if len(weights) == 0 || len(weights) > ProrateWeightsMax {
		return nil, fmt.Errorf("%w: %d weights", ErrWeights, len(weights))
	}
	for _, w := range weights[1:] {
		if w.cur != weights[0].cur {
			return nil, &MismatchError{Op: "prorate", Left: weights[0].cur, Right: w.cur}
		}
	}
	// Bring every weight to the smallest exponent so their coefficients are
	// comparable integers.
	exp := weights[0].d.Exponent
	for _, w := range weights {
		exp = min(exp, w.d.Exponent)
	}
	ws := make([]apd.BigInt, len(weights))
	var sum apd.BigInt
	for i, w := range weights {
		ws[i].Set(&w.d.Coeff)
		if shift := w.d.Exponent - exp; shift > 0 {
			var p apd.BigInt
			p.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(shift)), nil)
			ws[i].Mul(&ws[i], &p)
		}
		if w.d.Negative {
			ws[i].Neg(&ws[i])
		}
		sum.Add(&sum, &ws[i])
	}
	switch sum.Sign() {
	case 0:
		return nil, fmt.Errorf("%w: weights sum to zero", ErrWeights)
	case -1: // the same shares with every sign turned: the sum is positive
		sum.Neg(&sum)
		for i := range ws {
			ws[i].Neg(&ws[i])
		}
	}

	var t apd.BigInt
	t.Abs(&total.d.Coeff)
	parts := make([]apd.BigInt, len(ws))
	rems := make([]apd.BigInt, len(ws))
	var given apd.BigInt
	for i := range ws {
		var prod apd.BigInt
		prod.Mul(&t, &ws[i])
		// Euclidean division by a positive sum floors, so a negative share
		// is rounded down too and every remainder is in [0, sum).
		parts[i].DivMod(&prod, &sum, &rems[i])
		given.Add(&given, &parts[i])
	}
	var left apd.BigInt
	left.Sub(&t, &given) // in [0, len(ws)): each remainder is below one unit
	// The leftover units go to the largest remainders; the stable sort keeps
	// ties in input order, so the earliest part wins a tie.
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(&rems[order[b]]) > 0 })
	for _, i := range order[:left.Int64()] {
		parts[i].Add(&parts[i], apd.NewBigInt(1))
	}

	out := make([]Amount, len(parts))
	for i := range parts {
		a := Amount{cur: total.cur}
		a.d.Coeff.Abs(&parts[i])
		a.d.Exponent = total.d.Exponent
		a.d.Negative = parts[i].Sign() != 0 && total.d.Negative != (parts[i].Sign() < 0)
		out[i] = a
	}
	return out, nil
}

// Package currency holds exact money: ISO 4217 currencies with their minor
// units, an immutable Amount on apd decimals, exchange rates, rounding and
// proration.
//
// # Basics
//
// A Currency comes from our own ISO 4217 table (EUR has 2 decimals, JPY 0,
// KWD 3, CLF 4). An Amount is a decimal carrying its currency, always in
// canonical form: quantized to the currency's exponent, never negative zero,
// never NaN or infinite. Equal amounts therefore encode equally, which is what
// idempotency keys and hash chains rely on.
//
//	eur := currency.MustLookup("EUR")
//	a, err := currency.Parse(eur, "1234.56")   // 1234.56 EUR
//	b, err := a.Add(currency.MustParse(eur, "0.44"))
//	fmt.Println(b.French())                     // 1 235,00 €
//
// Arithmetic that cannot be inexact (add, subtract, negate) never rounds.
// Rounding happens only where we divide: converting with a Rate, and
// Prorate. Each rounds exactly once, at the target currency's exponent, with
// the Rounding given (half away from zero by default).
//
// # Caveats
//
// Amount is not comparable with ==: use Equal or Cmp. Mixing currencies in
// Add, Sub or Cmp returns a *MismatchError. The minor units are ISO 4217's,
// not CLDR's display digits (golang.org/x/text/currency differs for IQD, IDR,
// COP and others). Never turn an Amount into a binary floating-point number.
package currency

package currency_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
	jpy = currency.MustLookup("JPY")
	kwd = currency.MustLookup("KWD")
)

func TestLookupMinorUnits(t *testing.T) {
	for code, want := range map[string]int{"EUR": 2, "JPY": 0, "KWD": 3, "IQD": 3, "CLF": 4, "usd": 2, "IDR": 2, "COP": 2} {
		c, err := currency.Lookup(code)
		require.NoError(t, err, code)
		assert.Equal(t, want, c.Digits(), code)
	}
	_, err := currency.Lookup("XYZ")
	assert.ErrorIs(t, err, currency.ErrUnknownCurrency)
	_, err = currency.Lookup("")
	assert.ErrorIs(t, err, currency.ErrUnknownCurrency)
}

func TestParse(t *testing.T) {
	tests := []struct {
		cur  currency.Currency
		in   string
		want string
		err  error
	}{
		{eur, "1234.56", "1234.56", nil},
		{eur, "-0.5", "-0.50", nil},
		{eur, "1.500", "1.50", nil},
		{eur, "-0", "0.00", nil},
		{eur, "-0.00", "0.00", nil},
		{eur, "1E+3", "1000.00", nil},
		{jpy, "1200", "1200", nil},
		{kwd, "0.125", "0.125", nil},
		{eur, "0.001", "", currency.ErrPrecision},
		{jpy, "1.5", "", currency.ErrPrecision},
		{eur, "NaN", "", currency.ErrNotFinite},
		{eur, "Infinity", "", currency.ErrNotFinite},
		{eur, "-inf", "", currency.ErrNotFinite},
		{eur, "12,5", "", currency.ErrSyntax},
		{eur, "", "", currency.ErrSyntax},
		{eur, "1e40", "", currency.ErrTooLarge},
		{currency.Currency{}, "1", "", currency.ErrNoCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.cur.Code()+"/"+tt.in, func(t *testing.T) {
			a, err := currency.Parse(tt.cur, tt.in)
			// ParseBytes answers as Parse does, fast path or not.
			b, errBytes := currency.ParseBytes(tt.cur, []byte(tt.in))
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.ErrorIs(t, errBytes, tt.err)
				return
			}
			require.NoError(t, err)
			require.NoError(t, errBytes)
			assert.Equal(t, tt.want, a.Plain())
			assert.Equal(t, tt.want, b.Plain())
		})
	}
}

func TestParseRound(t *testing.T) {
	tests := []struct {
		in   string
		r    currency.Rounding
		want string
	}{
		{"0.005", currency.HalfAwayFromZero, "0.01"},
		{"-0.005", currency.HalfAwayFromZero, "-0.01"},
		{"0.015", currency.HalfEven, "0.02"},
		{"0.025", currency.HalfEven, "0.02"},
		{"0.019", currency.TowardZero, "0.01"},
		{"-0.004", currency.HalfAwayFromZero, "0.00"},
		{"0.011", currency.AwayFromZero, "0.02"},
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.r.String(), func(t *testing.T) {
			a, err := currency.ParseRound(eur, tt.in, tt.r)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Plain())
		})
	}
}

func TestArithmetic(t *testing.T) {
	a := currency.MustParse(eur, "10.05")
	b := currency.MustParse(eur, "-10.05")
	sum, err := a.Add(b)
	require.NoError(t, err)
	assert.True(t, sum.IsZero())
	assert.Equal(t, "0.00", sum.Plain(), "no negative zero")
	assert.Equal(t, "0.00", currency.Zero(eur).Neg().Plain())
	assert.Equal(t, "10.05", b.Abs().Plain())
	assert.Equal(t, -1, b.Sign())
	c, err := a.Cmp(b)
	require.NoError(t, err)
	assert.Equal(t, 1, c)
	assert.True(t, a.Equal(b.Neg()))
	assert.False(t, a.Equal(currency.MustParse(usd, "10.05")))

	_, err = a.Add(currency.MustParse(usd, "1"))
	var mm *currency.MismatchError
	require.ErrorAs(t, err, &mm)
	assert.Equal(t, "USD", mm.Right.Code())
	_, err = a.Cmp(currency.MustParse(usd, "1"))
	assert.ErrorAs(t, err, &mm)
	_, err = currency.Sum(eur, a, currency.MustParse(usd, "1"))
	assert.ErrorAs(t, err, &mm)

	n, ok := currency.MustParse(eur, "-1.50").MinorUnits()
	assert.True(t, ok)
	assert.Equal(t, int64(-150), n)
	assert.Equal(t, "1.50", currency.FromMinor(eur, 150).Plain())
	assert.False(t, currency.Amount{}.IsSet())
	assert.True(t, currency.Zero(eur).IsSet())
}

func TestFrench(t *testing.T) {
	tests := []struct {
		a    currency.Amount
		want string
	}{
		{currency.MustParse(eur, "1234.56"), "1\u202f234,56\u00a0€"},
		{currency.MustParse(eur, "-1234567.8"), "-1\u202f234\u202f567,80\u00a0€"},
		{currency.MustParse(eur, "0"), "0,00\u00a0€"},
		{currency.MustParse(eur, "999.99"), "999,99\u00a0€"},
		{currency.MustParse(jpy, "1200"), "1\u202f200\u00a0JPY"},
		{currency.MustParse(kwd, "1.125"), "1,125\u00a0KWD"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.French())
	}
	assert.Equal(t, "  1\u202f234,56\u00a0€", currency.PadLeft(currency.MustParse(eur, "1234.56").French(), 12))
}

func TestConversion(t *testing.T) {
	r := currency.MustParseRate("1.20")
	eurAmt, err := r.ToCompany(currency.MustParse(usd, "1200.00"), eur, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "1000.00", eurAmt.Plain())

	// 600 USD at 1.15 = 521.7391… EUR.
	eurAmt, err = currency.MustParseRate("1.15").ToCompany(currency.MustParse(usd, "600"), eur, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "521.74", eurAmt.Plain())

	// A tie rounds away from zero, in both signs: 0.05 / 2 = 0.025.
	two := currency.MustParseRate("2")
	a, _ := two.ToCompany(currency.MustParse(usd, "0.05"), eur, currency.HalfAwayFromZero)
	assert.Equal(t, "0.03", a.Plain())
	a, _ = two.ToCompany(currency.MustParse(usd, "-0.05"), eur, currency.HalfAwayFromZero)
	assert.Equal(t, "-0.03", a.Plain())
	a, _ = two.ToCompany(currency.MustParse(usd, "0.05"), eur, currency.HalfEven)
	assert.Equal(t, "0.02", a.Plain())

	// Dividing at the target exponent rounds once: 1 / 3 at a 0-decimal
	// currency, and a 3-decimal one.
	a, _ = currency.MustParseRate("3").ToCompany(currency.MustParse(usd, "1.00"), jpy, currency.HalfAwayFromZero)
	assert.Equal(t, "0", a.Plain())
	a, _ = currency.MustParseRate("3").ToCompany(currency.MustParse(usd, "1.00"), kwd, currency.HalfAwayFromZero)
	assert.Equal(t, "0.333", a.Plain())
	// Double rounding would give 0.45 → 0.5 → 1; single rounding of 0.449 gives 0.
	a, _ = currency.MustParseRate("1000").ToCompany(currency.MustParse(kwd, "449.000"), jpy, currency.HalfAwayFromZero)
	assert.Equal(t, "0", a.Plain())

	f, err := r.FromCompany(currency.MustParse(eur, "960.00"), usd, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "1152.00", f.Plain())

	for _, s := range []string{"0", "-1.2", "NaN"} {
		_, err := currency.ParseRate(s)
		assert.Error(t, err, s)
	}
	_, err = currency.ParseRate("-1")
	assert.ErrorIs(t, err, currency.ErrRateNotPositive)
	assert.Equal(t, "1.2", r.String(), "rates keep one form")
	_, err = currency.Rate{}.ToCompany(currency.MustParse(usd, "1"), eur, currency.HalfAwayFromZero)
	assert.ErrorIs(t, err, currency.ErrRateNotPositive)
}

func TestProrate(t *testing.T) {
	tests := []struct {
		total   string
		weights []string
		want    []string
	}{
		{"100.00", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}},
		{"-100.00", []string{"1", "1", "1"}, []string{"-33.34", "-33.33", "-33.33"}},
		{"0.02", []string{"1", "1", "1"}, []string{"0.01", "0.01", "0.00"}},
		{"24.00", []string{"1000.00", "0"}, []string{"24.00", "0.00"}},
		{"4.00", []string{"100.00", "50.00", "50.00"}, []string{"2.00", "1.00", "1.00"}},
		{"0.10", []string{"3", "3", "4"}, []string{"0.03", "0.03", "0.04"}},
		{"0.01", []string{"1", "2"}, []string{"0.00", "0.01"}},
		// A rebate weighs against its group: +50 and -50 untaxed lines beside
		// a 100 base leave everything to the base.
		{"2.00", []string{"50", "-50", "100"}, []string{"1.00", "-1.00", "2.00"}},
		{"2.00", []string{"-50", "150"}, []string{"-1.00", "3.00"}},
		{"-2.00", []string{"-50", "150"}, []string{"1.00", "-3.00"}},
		{"0.01", []string{"-1", "2"}, []string{"-0.01", "0.02"}},
		{"1.00", []string{"-1", "-2"}, []string{"0.33", "0.67"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.total, tt.weights), func(t *testing.T) {
			ws := make([]currency.Amount, len(tt.weights))
			for i, w := range tt.weights {
				ws[i] = currency.MustParse(eur, w)
			}
			parts, err := currency.Prorate(currency.MustParse(eur, tt.total), ws)
			require.NoError(t, err)
			got := make([]string, len(parts))
			for i, p := range parts {
				got[i] = p.Plain()
			}
			assert.Equal(t, tt.want, got)
			sum, err := currency.Sum(eur, parts...)
			require.NoError(t, err)
			assert.Equal(t, tt.total, sum.Plain())
		})
	}
	_, err := currency.Prorate(currency.MustParse(eur, "1"), nil)
	assert.ErrorIs(t, err, currency.ErrWeights)
	_, err = currency.Prorate(currency.MustParse(eur, "1"), []currency.Amount{currency.MustParse(eur, "-1"), currency.MustParse(eur, "1")})
	assert.ErrorIs(t, err, currency.ErrWeights)
	_, err = currency.Prorate(currency.MustParse(eur, "1"), []currency.Amount{currency.Zero(eur)})
	assert.ErrorIs(t, err, currency.ErrWeights)
}

func TestNewUnit(t *testing.T) {
	gold, err := currency.NewUnit("GOLD", 3)
	require.NoError(t, err)
	assert.Equal(t, "GOLD", gold.Code())
	assert.Equal(t, 3, gold.Digits())
	assert.False(t, gold.IsISO())
	assert.True(t, eur.IsISO())
	a, err := currency.Parse(gold, "120.0005")
	assert.ErrorIs(t, err, currency.ErrPrecision, "a unit keeps its minor units: %v", a)
	assert.Equal(t, "120.000", currency.MustParse(gold, "120").Plain())
	for _, tt := range []struct {
		code   string
		digits int
		want   error
	}{
		{"EUR", 2, currency.ErrUnitCode}, {"XAU", 0, currency.ErrUnitCode}, {"gold", 3, currency.ErrUnitCode},
		{"GO", 3, currency.ErrUnitCode}, {"1GOLD", 3, currency.ErrUnitCode}, {"GOLD-1", 3, currency.ErrUnitCode},
		{"ABCDEFGHIJKLM", 3, currency.ErrUnitCode}, {"GOLD", -1, currency.ErrUnitDigits}, {"GOLD", 19, currency.ErrUnitDigits},
	} {
		_, err := currency.NewUnit(tt.code, tt.digits)
		assert.ErrorIs(t, err, tt.want, "%s %d", tt.code, tt.digits)
	}
	sat, err := currency.NewUnit("SAT", 18)
	require.NoError(t, err)
	assert.Equal(t, "0.000000000000000001", currency.FromMinor(sat, 1).Plain())
}

func TestRounding(t *testing.T) {
	for r := currency.HalfAwayFromZero; r.Valid(); r++ {
		got, err := currency.ParseRounding(r.String())
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	_, err := currency.ParseRounding("bankers")
	assert.True(t, errors.Is(err, currency.ErrUnknownRounding))
}

func ExampleAmount_French() {
	eur := currency.MustLookup("EUR")
	ht := currency.MustParse(eur, "5280.00")
	vat := currency.MustParse(eur, "290.40")
	ttc, _ := ht.Add(vat)
	fmt.Println(ttc.Plain(), ttc.French() == "5\u202f570,40\u00a0€")
	// Output: 5570.40 true
}

func ExampleProrate() {
	eur := currency.MustLookup("EUR")
	parts, _ := currency.Prorate(currency.MustParse(eur, "100.00"), []currency.Amount{
		currency.MustParse(eur, "1"), currency.MustParse(eur, "1"), currency.MustParse(eur, "1"),
	})
	fmt.Println(parts[0].Plain(), parts[1].Plain(), parts[2].Plain())
	// Output: 33.34 33.33 33.33
}

func ExampleRate_ToCompany() {
	eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
	rate := currency.MustParseRate("1.25") // 1 EUR = 1.25 USD
	company, _ := rate.ToCompany(currency.MustParse(usd, "1200.00"), eur, currency.HalfAwayFromZero)
	fmt.Println(company)
	// Output: 960.00 EUR
}

func TestMulDiv(t *testing.T) {
	usd, eur := currency.MustLookup("USD"), currency.MustLookup("EUR")
	for _, c := range []struct{ a, num, den, want string }{
		{"600.00", "1000.00", "1200.00", "500.00"}, // 600 USD of a 1 200 USD / 1 000 EUR invoice
		{"1.00", "1000.00", "1200.00", "0.83"},     // 0.8333… rounds down
		{"5.00", "1000.00", "1200.00", "4.17"},     // 4.1666… rounds up
		{"-3.00", "1.00", "2.00", "-1.50"},
		{"0.01", "1.00", "2.00", "0.01"}, // half away from zero
	} {
		got, err := currency.MulDiv(currency.MustParse(usd, c.a), currency.MustParse(eur, c.num), currency.MustParse(usd, c.den), eur, currency.HalfAwayFromZero)
		if err != nil || got.Plain() != c.want {
			t.Errorf("currency.MulDiv(%s, %s, %s) = %s, %v; want %s", c.a, c.num, c.den, got.Plain(), err, c.want)
		}
	}
	if _, err := currency.MulDiv(currency.MustParse(usd, "1.00"), currency.MustParse(eur, "1.00"), currency.Zero(usd), eur, currency.HalfAwayFromZero); err == nil {
		t.Error("currency.MulDiv by zero: no error")
	}
}

func TestRateMarshalText(t *testing.T) {
	b, err := currency.MustParseRate("1.2500").MarshalText()
	if err != nil || len(b) == 0 {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	if b, _ := (currency.Rate{}).MarshalText(); len(b) != 0 {
		t.Errorf("zero MarshalText = %q", b)
	}
}

func TestMarshalText(t *testing.T) {
	b, err := currency.MustParse(currency.MustLookup("EUR"), "12.30").MarshalText()
	if err != nil || string(b) != "12.30 EUR" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
	if b, _ := (currency.Amount{}).MarshalText(); len(b) != 0 {
		t.Errorf("unset MarshalText = %q", b)
	}
}

func TestWithinHalfUnit(t *testing.T) {
	usd, eur := currency.MustLookup("USD"), currency.MustLookup("EUR")
	for _, c := range []struct {
		a, num, den, b string
		want           bool
	}{
		{"50.00", "83.33", "100.00", "41.67", true},  // 41.665 vs 41.67: exactly half a cent
		{"50.00", "83.33", "100.00", "41.66", true},  // 41.665 vs 41.66
		{"33.33", "83.33", "100.00", "27.78", false}, // 27.77489 vs 27.78
		{"600.00", "1000.00", "1200.00", "500.00", true},
		{"600.00", "1000.00", "1200.00", "480.00", false},
	} {
		got, err := currency.WithinHalfUnit(currency.MustParse(usd, c.a), currency.MustParse(eur, c.num), currency.MustParse(usd, c.den), currency.MustParse(eur, c.b))
		if err != nil || got != c.want {
			t.Errorf("WithinHalfUnit(%s×%s/%s, %s) = %v, %v; want %v", c.a, c.num, c.den, c.b, got, err, c.want)
		}
	}
}

func TestTextRoundTrip(t *testing.T) {
	pts, err := currency.NewUnit("PTS", 3)
	require.NoError(t, err)
	for _, a := range []currency.Amount{{}, currency.MustParse(eur, "-1234.50"), currency.MustParse(currency.MustLookup("JPY"), "1200"),
		currency.MustParse(pts, "12.345")} {
		b, err := a.MarshalText()
		require.NoError(t, err)
		var back currency.Amount
		require.NoError(t, back.UnmarshalText(b))
		require.True(t, back.Equal(a) || !a.IsSet() && !back.IsSet(), "%s → %s", a, back)
		require.Equal(t, a.Currency(), back.Currency())
	}
	for _, bad := range []string{"12", "12 x", "1.234 EUR", "abc EUR"} {
		var back currency.Amount
		require.Error(t, back.UnmarshalText([]byte(bad)), bad)
	}
	var c currency.Currency
	require.NoError(t, c.UnmarshalText([]byte("usd")))
	require.Equal(t, currency.MustLookup("USD"), c)
	b, _ := c.MarshalText()
	require.Equal(t, "USD", string(b))
	require.ErrorIs(t, c.UnmarshalText([]byte("ZZZ")), currency.ErrUnknownCurrency)
	b, _ = pts.MarshalText()
	require.Equal(t, "PTS/3", string(b))
	require.NoError(t, c.UnmarshalText(b))
	require.Equal(t, pts, c)
	require.ErrorIs(t, c.UnmarshalText([]byte("PTS/x")), currency.ErrUnitDigits)
	require.ErrorIs(t, c.UnmarshalText([]byte("PTS/19")), currency.ErrUnitDigits)
	require.ErrorIs(t, c.UnmarshalText([]byte("EUR/2")), currency.ErrUnitCode)
	require.NoError(t, c.UnmarshalText(nil))
	require.True(t, c.IsZero())
}

func TestFrenchMinorIsFrench(t *testing.T) {
	pts, err := currency.NewUnit("PTS", 3)
	require.NoError(t, err)
	for _, c := range []currency.Currency{eur, currency.MustLookup("JPY"), currency.MustLookup("USD"), currency.MustLookup("BHD"), pts} {
		for _, n := range []int64{0, 1, -1, 9, 10, 99, 100, 999, 1000, 123456, -123456, 1234567, 100000000, 999999999999999999,
			-999999999999999999, math.MaxInt64, math.MinInt64 + 1, math.MinInt64} {
			require.Equal(t, currency.FromMinor(c, n).French(), currency.FrenchMinor(c, n), "%s %d", c, n)
		}
	}
}

func TestRateTextRoundTrip(t *testing.T) {
	for _, s := range []string{"", "1.2345", "160"} {
		var r currency.Rate
		if s != "" {
			r = currency.MustParseRate(s)
		}
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back currency.Rate
		require.NoError(t, back.UnmarshalText(b))
		require.True(t, back.Equal(r), s)
	}
	var r currency.Rate
	require.Error(t, r.UnmarshalText([]byte("-1")))
	require.Error(t, r.UnmarshalText([]byte("x")))
}

// An operation given the unset Amount fails with a *MismatchError that
// errors.Is matches with ErrNoCurrency, as ErrNoCurrency's documentation
// says, and whose message names the unset side.
func TestUnsetOperandIsErrNoCurrency(t *testing.T) {
	eur := currency.MustLookup("EUR")
	one := currency.MustParse(eur, "1.00")
	_, err := currency.Amount{}.Add(one)
	require.ErrorIs(t, err, currency.ErrNoCurrency)
	var mm *currency.MismatchError
	require.ErrorAs(t, err, &mm)
	require.Equal(t, "currency: cannot add unset and EUR amounts", err.Error())
	_, err = one.Sub(currency.Amount{})
	require.ErrorIs(t, err, currency.ErrNoCurrency)
	_, err = one.Cmp(currency.Amount{})
	require.ErrorIs(t, err, currency.ErrNoCurrency)
	_, err = currency.Sum(eur, one, currency.Amount{})
	require.ErrorIs(t, err, currency.ErrNoCurrency)
	_, err = one.Add(currency.MustParse(currency.MustLookup("USD"), "1.00"))
	require.NotErrorIs(t, err, currency.ErrNoCurrency)
}

// A nil decimal is refused with ErrSyntax rather than dereferenced.
func TestNilDecimal(t *testing.T) {
	eur := currency.MustLookup("EUR")
	_, err := currency.FromDecimal(eur, nil)
	require.ErrorIs(t, err, currency.ErrSyntax)
	_, err = currency.RoundDecimal(eur, nil, currency.HalfEven)
	require.ErrorIs(t, err, currency.ErrSyntax)
	_, err = currency.RateFromDecimal(nil)
	require.ErrorIs(t, err, currency.ErrSyntax)
	_, err = currency.Divide(eur, nil, currency.MustParse(eur, "1").Decimal(), currency.HalfEven)
	require.ErrorIs(t, err, currency.ErrSyntax)
	_, err = currency.Divide(eur, currency.MustParse(eur, "1").Decimal(), nil, currency.HalfEven)
	require.ErrorIs(t, err, currency.ErrSyntax)
}

// FromMinor of the zero Currency is the unset Amount, not a value without a
// currency that is neither set nor zero.
func TestFromMinorNoCurrency(t *testing.T) {
	a := currency.FromMinor(currency.Currency{}, 5)
	require.False(t, a.IsSet())
	require.True(t, a.IsZero())
	require.Equal(t, 0, a.Sign())
	require.True(t, a.Equal(currency.Amount{}))
}

func TestFrenchDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "0.00": "0,00", "-40.00": "-40,00", "1200.00": "1\u202f200,00",
		"-54998193.06": "-54\u202f998\u202f193,06", "120": "120", "1000": "1\u202f000", "-0.125": "-0,125",
	} {
		assert.Equal(t, want, currency.FrenchDecimal(in), in)
	}
}

// French, built by appending, says what FrenchDecimal says of Plain's text
// with the currency's symbol after it, and AppendFrench appends it.
func TestFrenchIsFrenchDecimalOfPlain(t *testing.T) {
	pts, err := currency.NewUnit("PTS", 3)
	require.NoError(t, err)
	for _, c := range []currency.Currency{eur, currency.MustLookup("JPY"), currency.MustLookup("USD"), currency.MustLookup("BHD"), pts} {
		for _, n := range []int64{0, 1, -1, 999, 1000, -1234567, math.MaxInt64, math.MinInt64} {
			a := currency.FromMinor(c, n)
			want := currency.FrenchDecimal(a.Plain()) + currency.FrenchMinor(c, 0)[len(currency.FrenchDecimal(currency.FromMinor(c, 0).Plain())):]
			require.Equal(t, want, a.French(), "%s %d", c, n)
			require.Equal(t, "x: "+want, string(a.AppendFrench([]byte("x: "))), "%s %d", c, n)
		}
	}
	big := currency.MustParse(eur, "123456789012345678901234.5")
	require.Equal(t, "123\u202f456\u202f789\u202f012\u202f345\u202f678\u202f901\u202f234,50\u00a0€", big.French())
}

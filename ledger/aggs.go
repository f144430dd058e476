package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// aggSet accumulates the movements of lines on aggregates in memory, keyed
// by aggregate key, before they are added to the stored ones. Posting and
// Check both fill one, so they cannot disagree on keys.
type aggSet struct {
	company currency.Currency
	m       map[string]*aggDelta
	key     []byte // scratch: a lookup builds its key here, a new key alone allocates
}

type aggDelta struct {
	debit, credit, amountCurrency currency.Amount
}

func newAggSet(company currency.Currency) *aggSet {
	return &aggSet{company: company, m: map[string]*aggDelta{}}
}

// addLine adds line l of an entry dated date to every aggregate it moves,
// at the given levels: for all partners and for its partner, in all
// currencies and, for a foreign-currency line, in its currency ("" stands
// for "all"). Company-currency lines have no aggregate of their own: it
// would repeat the all-currency one in every book that has no foreign
// lines, and a query derives it (Tx.cumulative).
func (s *aggSet) addLine(l *journal.Line, date journal.Date, levels ...byte) error {
	return s.addLevels(l, date, levels, levels)
}

// postedLevels are the levels a posted line moves before rollUp: the day
// for all partners, which rollUp adds to its month and year, and the month
// and year at once for its partner, whose day aggregates are not stored
// (aggKept).
var postedLevels = [2][]byte{{aggDay}, {aggMonth, aggYear}}

// addPosted adds a posted line to the aggregates it moves, at postedLevels.
func (s *aggSet) addPosted(l *journal.Line, date journal.Date) error {
	return s.addLevels(l, date, postedLevels[0], postedLevels[1])
}

// addLevels is addLine with the levels for all partners and those for the
// line's partner given apart.
func (s *aggSet) addLevels(l *journal.Line, date journal.Date, levels, partnerLevels []byte) error {
	partners := [2]string{"", l.Partner}
	np := 1
	if l.Partner != "" {
		np = 2
	}
	curs := [2]string{"", l.AmountCurrency.Currency().Code()}
	nc := 2
	if l.AmountCurrency.Currency() == s.company {
		nc = 1
	}
	for i, p := range partners[:np] {
		lv := levels
		if i == 1 {
			lv = partnerLevels
		}
		for _, c := range curs[:nc] {
			for _, level := range lv {
				s.key = u32(append(str(str(str(s.key[:0], l.Account), p), c), level), aggPeriod(level, date))
				if err := s.at(s.key, l.AmountCurrency.Currency(), c != "").addLine(l, c != ""); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// at returns the delta of key, made zero when new. key may be the scratch
// buffer: the map keeps its own copy.
func (s *aggSet) at(key []byte, cur currency.Currency, withCurrency bool) *aggDelta {
	if d, ok := s.m[string(key)]; ok {
		return d
	}
	d := &aggDelta{debit: currency.Zero(s.company), credit: currency.Zero(s.company)}
	if withCurrency {
		d.amountCurrency = currency.Zero(cur)
	}
	s.m[string(key)] = d
	return d
}

// addLine adds a line's debit or credit, and its currency amount when the
// delta keeps one. Zero amounts add nothing and cost nothing.
func (d *aggDelta) addLine(l *journal.Line, withCurrency bool) error {
	var err error
	switch l.Balance.Sign() {
	case 1:
		d.debit, err = d.debit.Add(l.Balance)
	case -1:
		d.credit, err = d.credit.Sub(l.Balance)
	}
	if err != nil || !withCurrency || l.AmountCurrency.IsZero() {
		return err
	}
	d.amountCurrency, err = d.amountCurrency.Add(l.AmountCurrency)
	return err
}

// merge adds every delta of o to s.
func (s *aggSet) merge(o *aggSet) error {
	for k, d := range o.m {
		sum := s.at([]byte(k), d.amountCurrency.Currency(), d.amountCurrency.IsSet())
		next, err := sum.plus(d)
		if err != nil {
			return err
		}
		*sum = next
	}
	return nil
}

// rollUp adds every day delta to its month and year.
func (s *aggSet) rollUp() error {
	days := make([]string, 0, len(s.m))
	for k := range s.m {
		if k[len(k)-5] == aggDay {
			days = append(days, k)
		}
	}
	for _, k := range days {
		d := s.m[k]
		prefix := k[:len(k)-5]
		ymd := binary.BigEndian.Uint32([]byte(k[len(k)-4:]))
		for _, up := range [2]struct {
			level  byte
			period uint32
		}{{aggMonth, ymd / 100}, {aggYear, ymd / 10000}} {
			s.key = u32(append(append(s.key[:0], prefix...), up.level), up.period)
			sum := s.at(s.key, d.amountCurrency.Currency(), d.amountCurrency.IsSet())
			next, err := sum.plus(d)
			if err != nil {
				return err
			}
			*sum = next
		}
	}
	return nil
}

func (s *aggSet) reset() { clear(s.m) }

// aggCurrencyOf returns the currency of an aggregate's currency code, zero
// for "" (all currencies).
func (t *Tx) aggCurrencyOf(code string) (currency.Currency, error) {
	if code == "" {
		return currency.Currency{}, nil
	}
	c, err := t.currencyOf(code)
	if err != nil {
		return currency.Currency{}, fmt.Errorf("%w: aggregate currency %q", ErrFormat, code)
	}
	return c, nil
}

// decodeAgg decodes a stored aggregate value, of either form
// (appendAggValue): its debit and credit in company and, when cur is set,
// its amount in cur.
func decodeAgg(v []byte, company, cur currency.Currency) (aggDelta, error) {
	if len(v) > 0 && v[0] == aggBinary {
		var out aggDelta
		if !readAggValue(v, company, cur, &out) {
			return aggDelta{}, fmt.Errorf("%w: aggregate value %x", ErrFormat, v)
		}
		return out, nil
	}
	var r aggRec
	if !readAggRec(v, &r) {
		if err := decode(v, &r); err != nil {
			return aggDelta{}, err
		}
	}
	var out aggDelta
	var err error
	if out.debit, err = parseAmount(company, r.Debit); err != nil {
		return out, err
	}
	if out.credit, err = parseAmount(company, r.Credit); err != nil {
		return out, err
	}
	if !cur.IsZero() {
		out.amountCurrency, err = parseAmount(cur, r.AmountCurrency)
	}
	return out, err
}

func (a aggDelta) plus(b *aggDelta) (aggDelta, error) {
	var out aggDelta
	var err error
	if out.debit, err = a.debit.Add(b.debit); err != nil {
		return out, err
	}
	if out.credit, err = a.credit.Add(b.credit); err != nil {
		return out, err
	}
	if a.amountCurrency.IsSet() {
		out.amountCurrency, err = a.amountCurrency.Add(b.amountCurrency)
	}
	return out, err
}

func (a aggDelta) minus(b *aggDelta) (aggDelta, error) {
	neg := aggDelta{debit: b.debit.Neg(), credit: b.credit.Neg()}
	if b.amountCurrency.IsSet() {
		neg.amountCurrency = b.amountCurrency.Neg()
	}
	return a.plus(&neg)
}

func (a aggDelta) rec() aggRec {
	return aggRec{Debit: a.debit.Plain(), Credit: a.credit.Plain(), AmountCurrency: amountText(a.amountCurrency)}
}

// noteAggYears widens the years of a series (aggYearsKey: account,
// partner, currency) to year, when its first year aggregate is stored:
// the series appears, or moves before its first or after its last year.
func (t *Tx) noteAggYears(series []byte, year uint32) error {
	first, last, found, err := t.aggYearsOf(series)
	switch {
	case err != nil:
		return err
	case !found:
		first, last = year, year
	case year < first:
		first = year
	case year > last:
		last = year
	default:
		return nil
	}
	return t.st.Put(ixAggYears, series, aggYearsValue(first, last))
}

// aggYearsOf reads the first and last year of a series' aggregates;
// found is false when it has none.
func (t *Tx) aggYearsOf(series []byte) (first, last uint32, found bool, err error) {
	v, err := t.st.Get(ixAggYears, series)
	if errors.Is(err, store.ErrNotFound) {
		return 0, 0, false, nil
	} else if err != nil {
		return 0, 0, false, err
	}
	first, last, err = splitAggYears(v)
	return first, last, err == nil, err
}

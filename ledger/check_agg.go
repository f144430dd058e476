package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/lettrage/lettrage/journal"
)

// The aggregate pass: year, month and day sums recomputed from the line
// indexes, which the walk of the log proved equal to the log key for key,
// each line read from the log. In a line index each account's lines (each
// partner's, account by account) come in date order, so the sums of a day,
// a month and a year are complete when the date moves past them: the pass
// holds one (account, partner)'s sums for one day, one month and one year,
// per currency. The years of each (account, partner, currency) in
// ix.aggyrs come from the same sums: the first and last year whose sums
// the pass met, in its run of (account, partner).

// aggStream sums the lines of one index as they come.
type aggStream struct {
	c *checker
	// partners is set for the partner line index, whose lines give the
	// per-partner sums (the all-partner ones come from the line index).
	partners         bool
	started          bool
	account, partner string
	date             journal.Date
	sums             [len(aggLevels)]*aggSet // by level, as aggLevels
	years            aggYearSet              // of the current (account, partner)
}

// aggYearSet holds the first and last year of each series (aggYearsKey)
// whose year aggregates it was shown.
type aggYearSet map[string][2]uint32

// add notes year aggregate key k (aggKey's layout).
func (s aggYearSet) add(k string) {
	series, year := k[:len(k)-5], binary.BigEndian.Uint32([]byte(k[len(k)-4:]))
	y, ok := s[series]
	if !ok {
		y = [2]uint32{year, year}
	}
	y[0], y[1] = min(y[0], year), max(y[1], year)
	s[series] = y
}

// compare compares every series' years with the stored ones, and forgets
// them.
func (s aggYearSet) compare(c *checker) error {
	for series, y := range s {
		if err := c.compareAggYears([]byte(series), y[0], y[1]); err != nil {
			return err
		}
	}
	clear(s)
	return nil
}

// aggsInMemoryMax is how many aggregates the walk of the log sums in
// memory, from the entries it decodes anyway: a small book's aggregates are
// checked without reading the line indexes again. A book with more goes
// through the streaming passes.
const aggsInMemoryMax = 4096

// sumLines adds the lines of an entry to the in-memory aggregates, until
// there are too many.
func (c *checker) sumLines(e *journal.Entry) {
	if c.log.aggs == nil {
		return
	}
	for i := range e.Lines {
		if err := c.log.aggs.addLine(&e.Lines[i], e.Date, aggLevels[:]...); err != nil {
			c.log.aggs = nil // the streaming passes report it
			return
		}
	}
	if len(c.log.aggs.m) > aggsInMemoryMax {
		c.log.aggs = nil
	}
}

func (c *checker) aggregates() error {
	if c.log.aggs != nil {
		years := aggYearSet{}
		for k, want := range c.log.aggs.m {
			if err := c.compareAgg([]byte(k), want); err != nil {
				return err
			}
			if k[len(k)-5] == aggYear {
				years.add(k)
			}
		}
		if err := years.compare(c); err != nil {
			return err
		}
		c.log.aggs = nil
	} else if err := c.streamAggregates(); err != nil {
		return err
	}
	for _, ix := range []strayIndex{
		{ixAgg, 2, c.explainAgg(false), nil},
		{ixAggDay, 2, c.explainAgg(true), nil},
		{ixAggYears, 2, c.explainAggYears, nil},
	} {
		if err := c.strays(ix); err != nil {
			return err
		}
	}
	return nil
}

// streamAggregates sums the lines of the line indexes as they come.
func (c *checker) streamAggregates() error {
	for _, pass := range []struct {
		bucket   []byte
		partners bool
	}{{ixLines, false}, {ixPLines, true}} {
		s := &aggStream{c: c, partners: pass.partners, years: aggYearSet{}}
		for i := range s.sums {
			s.sums[i] = newAggSet(c.company)
		}
		err := c.t.st.Scan(pass.bucket, nil, nil, false, func(k, v []byte) error {
			if err := c.ctx.Err(); err != nil {
				return err
			}
			if err := expandLineBlock(k, v, s.line); errors.Is(err, ErrFormat) {
				return nil // the index pass reports the block
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := s.flush(len(aggLevels)); err != nil {
			return err
		}
		if err := s.years.compare(c); err != nil {
			return err
		}
	}
	return nil
}

// line adds one line of the index to the sums, first checking the sums its
// date completes.
func (s *aggStream) line(k []byte) error {
	lv, err := s.c.t.lineAt(k)
	if errors.Is(err, ErrFormat) {
		return nil // the walk of the log reported the key
	} else if err != nil {
		return err
	}
	date, err := journal.DateFromKey(lv.Date)
	if err != nil {
		return nil
	}
	cur := s.c.company
	if lv.Currency != "" {
		if cur, err = s.c.t.currencyOf(lv.Currency); err != nil {
			return nil
		}
	}
	bal, ac, err := lv.Line.amounts(s.c.company, cur)
	if err != nil {
		return nil
	}
	partner := ""
	if s.partners {
		partner = lv.Line.Partner
	}
	// Levels are flushed from the day up to the first whose period goes on;
	// a series' years once its (account, partner) is done.
	done := 0
	newRun := !s.started || lv.Line.Account != s.account || partner != s.partner
	switch {
	case newRun || date.Year() != s.date.Year():
		done = 3
	case date.Month() != s.date.Month():
		done = 2
	case date != s.date:
		done = 1
	}
	if err := s.flush(done); err != nil {
		return err
	}
	if newRun {
		if err := s.years.compare(s.c); err != nil {
			return err
		}
	}
	s.started, s.account, s.partner, s.date = true, lv.Line.Account, partner, date
	l := journal.Line{Account: lv.Line.Account, Partner: partner, Balance: bal, AmountCurrency: ac}
	for i, level := range aggLevels {
		if err := s.sums[i].addLine(&l, date, level); err != nil {
			s.c.add(2, "account "+l.Account, "its %c sums overflow on %s", level, date)
			return nil
		}
	}
	return nil
}

// flush checks and forgets the sums of the n finest levels (days first).
func (s *aggStream) flush(n int) error {
	for i := len(aggLevels) - 1; i >= len(aggLevels)-n; i-- {
		set := s.sums[i]
		for k, want := range set.m {
			if s.partners && aggPartnerless(k) {
				continue // the line index's pass checks these
			}
			if err := s.c.compareAgg([]byte(k), want); err != nil {
				return err
			}
			if aggLevels[i] == aggYear {
				s.years.add(k)
			}
		}
		set.reset()
	}
	return nil
}

// aggPartnerless reports whether an aggregate key (aggKey's layout) is for
// all partners.
func aggPartnerless(k string) bool {
	i := strings.IndexByte(k, 0)
	return i >= 0 && i+1 < len(k) && k[i+1] == 0
}

// compareAgg compares the stored aggregate of key k (aggKey's layout) with
// the sum of its lines.
func (c *checker) compareAgg(k []byte, want *aggDelta) error {
	if !aggKept(string(k)) {
		return nil // read from the partner's lines, never stored
	}
	account, partner, code, level, period, err := splitAggKey(k)
	if err != nil {
		return err // our own key
	}
	bucket, sk, _, err := aggStored(k)
	if err != nil {
		return err
	}
	// The value the book writes for these lines now: in the digest pass
	// a stored value of the same amounts in another form (text where the
	// binary form fits, a varint longer than it need be) differs too.
	c.scratch.agg = appendAggValue(c.scratch.agg[:0], want)
	v, found, err := c.expect(bucket, sk, c.scratch.agg)
	if err != nil || !c.lookup {
		return err
	}
	where := describeAgg(account, partner, code, level, period)
	if !found {
		c.add(2, where, "is missing: its lines move %s / %s", want.debit, want.credit)
		return nil
	}
	cur, err := c.t.aggCurrencyOf(code)
	if err != nil {
		return err
	}
	got, err := decodeAgg(v, c.company, cur)
	if err != nil {
		c.add(2, where, "does not decode: %v", err)
		return nil
	}
	if !got.debit.Equal(want.debit) || !got.credit.Equal(want.credit) ||
		want.amountCurrency.IsSet() && !got.amountCurrency.Equal(want.amountCurrency) {
		c.add(2, where, "stored %s / %s %s, its lines give %s / %s %s", got.debit, got.credit, amountText(got.amountCurrency),
			want.debit, want.credit, amountText(want.amountCurrency))
	} else if !bytes.Equal(v, c.scratch.agg) {
		c.add(2, where, "holds its amounts as %x, the book writes them as %x", v, c.scratch.agg)
	}
	return nil
}

// compareAggYears compares the stored years of a series (aggYearsKey)
// with the first and last year its lines give.
func (c *checker) compareAggYears(series []byte, first, last uint32) error {
	want := aggYearsValue(first, last)
	v, found, err := c.expect(ixAggYears, series, want)
	if err != nil || !c.lookup {
		return err
	}
	account, partner, code, err := splitAggYearsKey(series)
	if err != nil {
		return err // our own key
	}
	where := describeAggYears(account, partner, code)
	if !found {
		c.add(2, where, "is missing: its lines run from %d to %d", first, last)
		return nil
	}
	if bytes.Equal(v, want) {
		return nil
	}
	if gf, gl, err := splitAggYears(v); err != nil {
		c.add(2, where, "does not decode: %v", err)
	} else {
		c.add(2, where, "stored %d to %d, its lines run from %d to %d", gf, gl, first, last)
	}
	return nil
}

func describeAggYears(account, partner, code string) string {
	var b bytes.Buffer
	describeSeries(&b, "aggregate years", account, partner, code)
	return b.String()
}

// describeSeries writes what, of an account, a partner and a currency.
func describeSeries(b *bytes.Buffer, what, account, partner, code string) {
	fmt.Fprintf(b, "%s of %s", what, account)
	if partner != "" {
		fmt.Fprintf(b, " partner %s", partner)
	}
	if code != "" {
		fmt.Fprintf(b, " in %s", code)
	}
}

// explainAggYears explains a key of ix.aggyrs: some line of its account,
// partner and currency.
func (c *checker) explainAggYears(k, v []byte) (string, error) {
	account, partner, code, err := splitAggYearsKey(k)
	if err != nil {
		return "malformed", nil
	}
	found, err := c.contributes(account, partner, code, 0, math.MaxUint32)
	if err != nil || found {
		return "", err
	}
	return describeAggYears(account, partner, code) + ": no line contributes to it", nil
}

func describeAgg(account, partner, code string, level byte, period uint32) string {
	var b bytes.Buffer
	describeSeries(&b, "aggregate", account, partner, code)
	switch level {
	case aggYear:
		fmt.Fprintf(&b, " for year %d", period)
	case aggMonth:
		fmt.Fprintf(&b, " for month %d-%02d", period/100, period%100)
	default:
		fmt.Fprintf(&b, " for day %d-%02d-%02d", period/10000, period/100%100, period%100)
	}
	return b.String()
}

// explainAgg returns the explanation of a stored aggregate key, of the day
// bucket or of the other: some line of its account, partner and currency
// falls in its period.
func (c *checker) explainAgg(day bool) func(k, v []byte) (string, error) {
	return func(k, v []byte) (string, error) {
		var err error
		if day {
			k, err = aggKeyOfDay(k)
		} else {
			k, err = aggKeyOfPeriod(k)
		}
		if err != nil {
			return "malformed", nil
		}
		account, partner, code, level, period, err := splitAggKey(k)
		if err != nil || day != (level == aggDay) || level != aggYear && level != aggMonth && level != aggDay {
			return "malformed", nil
		}
		if !aggKept(string(k)) {
			return describeAgg(account, partner, code, level, period) + ": a partner's day aggregates are not stored (its lines are read instead)", nil
		}
		from, to := period, period+1
		switch level {
		case aggYear:
			from, to = period*10000, (period+1)*10000
		case aggMonth:
			from, to = period*100, (period+1)*100
		}
		found, err := c.contributes(account, partner, code, from, to)
		if err != nil {
			return "", err
		}
		if !found {
			return describeAgg(account, partner, code, level, period) + ": no line contributes to it", nil
		}
		return "", nil
	}
}

// contributes reports whether some line of account, partner ("" for any)
// and currency code ("" for any) is dated in [from, to) (date keys).
func (c *checker) contributes(account, partner, code string, from, to uint32) (bool, error) {
	bucket, prefix := ixLines, str(nil, account)
	if partner != "" {
		bucket, prefix = ixPLines, str(str(nil, partner), account)
	}
	found := false
	err := c.t.scanLines(bucket, u32(bytes.Clone(prefix), from), u32(bytes.Clone(prefix), to), func(k []byte) error {
		if code == "" {
			found = true
			return errStop
		}
		if lv, err := c.t.lineAt(k); err == nil && lv.Currency == code {
			found = true
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, err
	}
	return found, nil
}

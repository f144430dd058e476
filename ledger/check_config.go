package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/lettrage/lettrage/ident"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The configuration pass: every configuration record decodes, sits under
// its own key and makes sense with the others. Whether each is the one its
// chain recorded is recordChains's part.

func (c *checker) configuration() error {
	for _, step := range []func() error{c.meta, c.units, c.fiscalYears, c.accountRecords, c.partnerRecords, c.partnerData,
		c.journalRecords, c.rates, c.locks, c.closingRecords, c.counters} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// units checks the units of account: each under its code, a valid unit,
// and the one the book has in use.
func (c *checker) units() error {
	return c.t.st.Scan(bUnit, nil, nil, false, func(k, v []byte) error {
		where := fmt.Sprintf("unit %q", k)
		u, err := decodeUnit(v)
		if err != nil {
			c.add(2, where, "%v", err)
			return nil
		}
		if u.Code() != string(k) {
			c.add(2, where, "holds unit %s", u.Code())
		} else if known, ok := c.t.b.units.get(u.Code()); ok && known != u {
			c.add(2, where, "has %d decimals, the book reads its amounts with %d", u.Digits(), known.Digits())
		}
		return nil
	})
}

func (c *checker) meta() error {
	var upgraded *bookRec // the meta record before the upgrade, when the book was upgraded
	if v, found, err := c.get(bMeta, upgradeKey); err != nil {
		return err
	} else if found {
		var up upgradeRec
		var was bookRec
		if err := decode(v, &up); err != nil || up.V != bookFormat || decode(up.Was, &was) != nil || was.V != formatUpgradable {
			c.add(2, "book upgrade record", "does not decode, or does not upgrade format %d to %d", formatUpgradable, bookFormat)
		} else {
			upgraded = &was
		}
	}
	return c.t.st.Scan(bMeta, nil, nil, false, func(k, v []byte) error {
		if bytes.Equal(k, upgradeKey) {
			return nil
		}
		if !bytes.Equal(k, metaKey) {
			c.add(2, fmt.Sprintf("meta record %q", k), "is not the book's")
			return nil
		}
		var r bookRec
		if err := decode(v, &r); err != nil {
			c.add(2, "book meta record", "does not decode: %v", err)
			return nil
		}
		if r.Auxiliary != c.t.b.aux {
			c.add(2, "book meta record", "says auxiliary account codes %t; the book was opened with %t", r.Auxiliary, c.t.b.aux)
		}
		if u := upgraded; u != nil && (r.V != bookFormat || r.Currency != u.Currency || r.Rounding != u.Rounding ||
			r.Created != u.Created || r.Auxiliary != u.Auxiliary) {
			c.add(2, "book meta record", "is not the record the upgrade record keeps with format %d: format %d, currency %s, rounding %s, created %d, was %s, %s, %d",
				bookFormat, r.V, r.Currency, currency.Rounding(r.Rounding), r.Created, u.Currency, currency.Rounding(u.Rounding), u.Created)
		}
		if r.V != c.t.b.format || r.Currency != c.company.Code() || currency.Rounding(r.Rounding) != c.t.b.rounding {
			c.add(2, "book meta record", "says format %d, currency %s, rounding %s; the book was opened as format %d, %s, %s",
				r.V, r.Currency, currency.Rounding(r.Rounding), c.t.b.format, c.company, c.t.b.rounding)
		}
		if r.V < bookFormat {
			return c.t.st.Scan(bLettering, nil, nil, false, func(k, _ []byte) error {
				c.add(2, describeRecord(bLettering, k), "is in a book of format %d, which has none", r.V)
				return nil
			})
		}
		return nil
	})
}

func (c *checker) fiscalYears() error {
	var last *FiscalYear
	labels := map[string]bool{} // a label per year: configuration, not entries
	return c.t.st.Scan(bFiscal, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("fiscal year %x", k) }
		var r fiscalRec
		if err := decode(v, &r); err != nil {
			c.add(2, where(), "does not decode: %v", err)
			return nil
		}
		s, err1 := journal.DateFromKey(r.Start)
		e, err2 := journal.DateFromKey(r.End)
		where = func() string { return "fiscal year " + r.Label }
		switch {
		case err1 != nil || err2 != nil || s.IsZero() || e.Before(s):
			c.add(2, where(), "runs from %d to %d", r.Start, r.End)
			return nil
		case !bytes.Equal(k, u32(nil, r.Start)):
			c.add(2, where(), "is stored under key %x", k)
		case !e.Before(s.AddMonths(fiscalYearMonthsMax)):
			c.add(2, where(), "lasts more than %d months", fiscalYearMonthsMax)
		case last != nil && last.End.AddDays(1) != s:
			c.add(2, where(), "does not start the day after %s ends", last.Label)
		case labels[r.Label]:
			c.add(2, where(), "its label is used twice")
		}
		labels[r.Label] = true
		last = &FiscalYear{Start: s, End: e, Label: r.Label}
		return nil
	})
}

func (c *checker) accountRecords() error {
	err := c.t.st.Scan(bAccount, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("account %q", k) }
		a, err := c.t.decodeAccount(v)
		switch {
		case err != nil:
			c.add(2, where(), "does not decode: %v", err)
		case a.Code != string(k):
			c.add(2, where(), "holds account %q", a.Code)
		default:
			if err := validateAccount(a, c.t.b.aux); err != nil {
				c.add(2, where(), "%v", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Every active flag belongs to an account.
	return c.t.st.Scan(bActive, nil, nil, false, func(k, v []byte) error {
		if len(v) != 1 || v[0] > 1 {
			c.add(2, fmt.Sprintf("active flag of account %q", k), "is %x, not 0 or 1", v)
		}
		switch _, err := c.t.st.Get(bAccount, k); {
		case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey):
			c.add(2, fmt.Sprintf("active flag of account %q", k), "names no account")
		case err != nil:
			return err
		}
		return nil
	})
}

func (c *checker) partnerRecords() error {
	return c.t.st.Scan(bPartner, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("partner %q", k) }
		var r partnerRec
		if err := decode(v, &r); err != nil {
			c.add(2, where(), "does not decode: %v", err)
			return nil
		}
		if r.Code != string(k) || checkCode(r.Code) != nil {
			c.add(2, where(), "holds partner %q", r.Code)
			return nil
		}
		if _, err := r.partner(); err != nil {
			c.add(2, where(), "holds master data the book refuses: %v", err)
		}
		return nil
	})
}

// partnerData checks the master data partners were updated with: each
// record of an existing partner, under its code, and valid.
func (c *checker) partnerData() error {
	return c.t.st.Scan(bPData, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("master data of partner %q", k) }
		var r partnerRec
		if err := decode(v, &r); err != nil {
			c.add(2, where(), "does not decode: %v", err)
			return nil
		}
		if r.Code != string(k) {
			c.add(2, where(), "holds partner %q", r.Code)
			return nil
		}
		if _, found, err := c.get(bPartner, k); err != nil {
			return err
		} else if !found {
			c.add(2, where(), "names no partner")
		}
		if _, err := r.partner(); err != nil {
			c.add(2, where(), "holds master data the book refuses: %v", err)
		}
		return nil
	})
}

func (c *checker) journalRecords() error {
	return c.t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("journal %q", k) }
		var r journalRec
		if err := decode(v, &r); err != nil {
			c.add(2, where(), "does not decode: %v", err)
			return nil
		}
		if r.Code != string(k) || checkCode(r.Code) != nil || JournalKind(r.Kind) >= journalKindEnd {
			c.add(2, where(), "holds journal %q of kind %d", r.Code, r.Kind)
		}
		if r.IBAN != "" {
			// A French IBAN with a wrong RIB key was accepted before the
			// key was checked: stored then, it is not damage.
			iban, err := ident.ParseIBAN(r.IBAN)
			if errors.Is(err, ident.ErrRIBKey) {
				iban, err = ident.IBAN(r.IBAN), nil
			}
			if err != nil || string(iban) != r.IBAN || JournalKind(r.Kind) != JournalBank {
				c.add(2, where(), "holds IBAN %q on a journal of kind %d", r.IBAN, r.Kind)
			}
		}
		for _, code := range []string{r.BankAccount, r.OutstandingReceipts, r.OutstandingPayments} {
			if code == "" {
				continue
			}
			if a, err := c.account(code); err != nil {
				return err
			} else if a == nil {
				c.add(2, where(), "names account %s, which does not exist", code)
			}
		}
		return nil
	})
}

func (c *checker) rates() error {
	return c.t.st.Scan(bRate, nil, nil, false, func(k, v []byte) error {
		where := func() string { return fmt.Sprintf("rate %q", k) }
		code, date, ok := bytes.Cut(k, []byte{0})
		if !ok || len(date) != 4 {
			c.add(2, where(), "is not keyed by a currency and a date")
			return nil
		}
		cur, err := c.t.currencyOf(string(code))
		_, derr := journal.DateFromKey(binary.BigEndian.Uint32(date))
		switch {
		case err != nil || cur == c.company || derr != nil:
			c.add(2, where(), "is not keyed by a foreign currency and a date")
		case !canonicalRate(v):
			c.add(2, where(), "holds %q, not a positive rate as the book writes them", v)
		}
		return nil
	})
}

// canonicalRate reports whether v is a positive rate in the form
// currency.Rate.String gives: digits without leading zeros, a fraction
// without trailing zeros, at most currency.AmountDigitsMax digits on either
// side. A book may hold thousands of rates, and Check reads them all: the
// form is checked without parsing a decimal.
func canonicalRate(v []byte) bool {
	whole, frac, dot := bytes.Cut(v, []byte("."))
	digits := func(b []byte) bool {
		for _, c := range b {
			if c < '0' || c > '9' {
				return false
			}
		}
		return len(b) > 0 && len(b) <= currency.AmountDigitsMax
	}
	switch {
	case !digits(whole) || len(whole) > 1 && whole[0] == '0':
		return false
	case dot:
		return digits(frac) && frac[len(frac)-1] != '0'
	}
	return string(whole) != "0"
}

func (c *checker) locks() error {
	var n uint64
	err := c.t.st.Scan(bLock, nil, nil, false, func(k, v []byte) error {
		n++
		where := func() string { return fmt.Sprintf("lock-date change %d", n) }
		if len(k) != 8 || binary.BigEndian.Uint64(k) != n {
			c.add(2, where(), "is missing: the history goes on at key %x", k)
			if len(k) == 8 {
				n = binary.BigEndian.Uint64(k)
			}
		}
		if _, err := decodeLockChange(v); err != nil {
			c.add(2, where(), "does not decode: %v", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if ctr, err := c.t.counter(ctrLock); err != nil {
		return err
	} else if ctr != n {
		c.add(2, "lock-date history", "holds %d changes, its counter says %d", n, ctr)
	}
	return nil
}

// counters checks that every counter is one the book keeps, of 8 bytes,
// and that no entry lags behind its indexes (Check reads after indexing).
func (c *checker) counters() error {
	return c.t.st.Scan(bCounter, nil, nil, false, func(k, v []byte) error {
		name := string(k)
		where := func() string { return fmt.Sprintf("counter %q", k) }
		switch {
		case name == ctrIDTop:
			if len(v) != len(journal.NoID) {
				c.add(2, where(), "holds %d bytes", len(v))
			}
		case len(v) != 8:
			c.add(2, where(), "holds %d bytes", len(v))
		case name == ctrLag && binary.BigEndian.Uint64(v) != 0:
			c.add(2, where(), "says %d entries lag behind their indexes", binary.BigEndian.Uint64(v))
		case name == ctrSeq || name == ctrLag || name == ctrLock || name == ctrClose || strings.HasPrefix(name, "num\x00") || strings.HasPrefix(name, ctrUser):
		default:
			c.add(2, where(), "is not a counter the book keeps")
		}
		return nil
	})
}

// recordChains walks the configuration and lettering chains and compares
// every chained record with them.
func (c *checker) recordChains() error {
	_, err := verifyRecordChains(c.ctx, c.t.st, func(ve *VerifyError) error {
		where := ve.Chain + " chain"
		if ve.Key != "" {
			where = ve.Key
		}
		what := ve.Reason
		if ve.Record > 0 {
			what = fmt.Sprintf("%s (%s chain record %d)", what, ve.Chain, ve.Record)
		}
		c.add(3, where, "%s", what)
		return nil
	})
	return err
}

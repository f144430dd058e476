package bank

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// CFONB120 reads the statements of a CFONB 120 file (the French banks'
// "relevé de compte 120 caractères"): per account, a record 01 (opening
// balance), records 04 (movements) each followed by its records 05
// (complements: counterparty, remittance, reference), and a record 07
// (closing balance). Records are 120 characters, with or without line
// breaks between them. The account's IBAN is rebuilt from its bank,
// branch and account numbers (the RIB key computed). CFONB statements
// have no identifier: a statement's ID is its opening and closing dates
// ("20260228-20260331"); an entry's Ref is its booking date and the bank's
// entry number (its position when the bank gives none).
//
// Complements read: NPY and NBE (payer's and beneficiary's name) give the
// counterparty, RCN (its first 35 characters) the end-to-end id — the
// movement's reference zone otherwise —, LIB and LCC the remittance text,
// REF the creditor reference. Errors are ErrFormat with the record's
// number, ErrTooLarge, or reconcile.ErrStatement; the sequence stops at
// the first.
func CFONB120(r io.Reader, opts ReadOptions) iter.Seq2[reconcile.BankStatement, error] {
	return func(yield func(reconcile.BankStatement, error) bool) {
		br := bufio.NewReader(opts.limit(r))
		var st *cfonbStatement
		rec := make([]byte, 0, 120)
		n := 0
		for {
			c, err := br.ReadByte()
			if err == nil && (c == '\n' || c == '\r') {
				continue
			}
			if err == nil {
				rec = append(rec, c)
				if len(rec) < 120 {
					continue
				}
			}
			if err != nil && !errors.Is(err, io.EOF) {
				yield(reconcile.BankStatement{}, err)
				return
			}
			if errors.Is(err, io.EOF) {
				switch {
				case len(rec) > 0:
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: record %d: %d characters, a CFONB record has 120", ErrFormat, n+1, len(rec)))
				case st != nil:
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: record %d: the statement of account %s has no closing record 07", ErrFormat, n, st.s.Account))
				case n == 0:
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: an empty file", ErrFormat))
				}
				return
			}
			n++
			done, err := cfonbRecord(&st, string(rec), n)
			rec = rec[:0]
			if err != nil {
				yield(reconcile.BankStatement{}, err)
				return
			}
			if done != nil {
				err := done.Check()
				if !yield(*done, err) || err != nil {
					return
				}
			}
		}
	}
}

// ReadCFONB120 reads every statement of a CFONB 120 file (see CFONB120).
func ReadCFONB120(r io.Reader, opts ReadOptions) ([]reconcile.BankStatement, error) {
	var out []reconcile.BankStatement
	for s, err := range CFONB120(r, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// cfonbStatement is a statement being read.
type cfonbStatement struct {
	s       reconcile.BankStatement
	account string // bank, branch and account numbers: records must repeat them
	digits  int
	last    *reconcile.BankEntry // the movement complements attach to
}

// field returns columns from to to (1-based, inclusive) of a record,
// spaces trimmed.
func field(rec string, from, to int) string { return strings.TrimSpace(rec[from-1 : to]) }

// cfonbRecord reads record n; it returns the statement a record 07 closes.
func cfonbRecord(st **cfonbStatement, rec string, n int) (*reconcile.BankStatement, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: record %d: %s", ErrFormat, n, fmt.Sprintf(format, args...))
	}
	for i := 0; i < len(rec); i++ {
		if rec[i] < ' ' || rec[i] > '~' {
			return nil, fail("byte %d is not printable ASCII", i+1)
		}
	}
	code := rec[:2]
	account := rec[2:7] + rec[11:16] + rec[21:32]
	if code != "01" && *st == nil {
		return nil, fail("record %s before an opening record 01", code)
	}
	if code != "01" && account != (*st).account {
		return nil, fail("record %s of account %s inside the statement of %s", code, account, (*st).account)
	}
	switch code {
	case "01":
		if *st != nil {
			return nil, fail("an opening record 01 before the closing record 07 of account %s", (*st).account)
		}
		cur, err := currency.Lookup(field(rec, 17, 19))
		if err != nil {
			return nil, fail("currency %q: %v", field(rec, 17, 19), err)
		}
		digits, err := strconv.Atoi(rec[19:20])
		if err != nil || digits != cur.Digits() {
			return nil, fail("%q decimals for %s, which has %d", rec[19:20], cur, cur.Digits())
		}
		iban, err := ident.IBANOfRIB(field(rec, 3, 7), field(rec, 12, 16), field(rec, 22, 32))
		if err != nil {
			return nil, fail("account: %v", err)
		}
		day, err := cfonbDate(rec[34:40])
		if err != nil {
			return nil, fail("opening date: %v", err)
		}
		bal, err := cfonbAmount(cur, rec[90:104])
		if err != nil {
			return nil, fail("opening balance: %v", err)
		}
		*st = &cfonbStatement{account: account, digits: digits,
			s: reconcile.BankStatement{Account: iban, Currency: cur, Opening: bal, OpeningDate: day}}
	case "04":
		s := *st
		// A reject reason (columns 41–42) marks a movement that undoes an
		// earlier one: a returned transfer, an unpaid cheque or bill.
		e := reconcile.BankEntry{BankCode: field(rec, 33, 34), Label: field(rec, 49, 79), Reversal: field(rec, 41, 42) != ""}
		var err error
		if e.BookingDate, err = cfonbDate(rec[34:40]); err != nil {
			return nil, fail("booking date: %v", err)
		}
		if v := rec[42:48]; strings.TrimSpace(v) != "" {
			if e.ValueDate, err = cfonbDate(v); err != nil {
				return nil, fail("value date: %v", err)
			}
		}
		if e.Amount, err = cfonbAmount(s.s.Currency, rec[90:104]); err != nil {
			return nil, fail("amount: %v", err)
		}
		// The bank's entry number identifies the movement; the reference
		// zone is the payer's, and two movements may share it.
		switch number := field(rec, 82, 88); {
		case number != "":
			e.Ref = e.BookingDate.String() + "/" + number
		default:
			e.Ref = fmt.Sprintf("#%d", len(s.s.Entries)+1)
		}
		if ref := field(rec, 105, 120); ref != "" {
			e.Transactions = []reconcile.BankTransaction{{EndToEndID: ref}}
		}
		s.s.Entries = append(s.s.Entries, e)
		s.last = &s.s.Entries[len(s.s.Entries)-1]
	case "05":
		s := *st
		if s.last == nil {
			return nil, fail("a complement record 05 before any movement 04")
		}
		e := s.last
		if len(e.Transactions) == 0 {
			e.Transactions = []reconcile.BankTransaction{{}}
		}
		t := &e.Transactions[0]
		info := field(rec, 49, 118)
		switch field(rec, 46, 48) {
		case "NPY", "NBE":
			t.Counterparty = info
		case "RCN": // the client's reference (35), then the purpose
			t.EndToEndID = field(rec, 49, 83)
		case "LIB", "LCC", "LC2", "LCS":
			t.Remittance = strings.TrimSpace(t.Remittance + " " + info)
		case "REF":
			t.CreditorRef = info
		}
	case "07":
		s := *st
		day, err := cfonbDate(rec[34:40])
		if err != nil {
			return nil, fail("closing date: %v", err)
		}
		if s.s.Closing, err = cfonbAmount(s.s.Currency, rec[90:104]); err != nil {
			return nil, fail("closing balance: %v", err)
		}
		s.s.ClosingDate = day
		s.s.ID = strings.ReplaceAll(s.s.OpeningDate.String(), "-", "") + "-" + strings.ReplaceAll(day.String(), "-", "")
		*st = nil
		return &s.s, nil
	default:
		return nil, fail("unknown record code %q (01, 04, 05 or 07)", code)
	}
	return nil, nil
}

// cfonbDate reads a JJMMAA date (years 2000 to 2099).
func cfonbDate(s string) (journal.Date, error) {
	if len(s) != 6 || !allDigits(s) {
		return journal.Date{}, fmt.Errorf("%q is not JJMMAA", s)
	}
	d, err := journal.ParseDate("20" + s[4:6] + "-" + s[2:4] + "-" + s[0:2])
	if err != nil {
		return journal.Date{}, fmt.Errorf("%q: %v", s, err)
	}
	return d, nil
}

// cfonbAmount reads a 14-character signed amount: 13 digits and a last
// character carrying the last digit and the sign ({, A–I positive; }, J–R
// negative), in minor units of cur.
func cfonbAmount(cur currency.Currency, s string) (currency.Amount, error) {
	if len(s) != 14 || !allDigits(s[:13]) {
		return currency.Amount{}, fmt.Errorf("%q: 13 digits and a sign character", s)
	}
	last := s[13]
	var digit int64
	neg := false
	switch {
	case last == '{':
	case last >= 'A' && last <= 'I':
		digit = int64(last-'A') + 1
	case last == '}':
		neg = true
	case last >= 'J' && last <= 'R':
		digit, neg = int64(last-'J')+1, true
	default:
		return currency.Amount{}, fmt.Errorf("%q: sign character %q", s, last)
	}
	n, err := strconv.ParseInt(s[:13], 10, 64)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%q: %v", s, err)
	}
	n = n*10 + digit
	if neg {
		n = -n
	}
	return currency.FromMinor(cur, n), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

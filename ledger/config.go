package ledger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// JournalKind is what a journal records.
type JournalKind uint8

const (
	JournalGeneral   JournalKind = iota // miscellaneous operations (OD)
	JournalSale                         // customer invoices and credit notes (VT)
	JournalPurchase                     // supplier bills and credit notes (AC)
	JournalBank                         // a bank account's payments and statement lines (BQ)
	JournalCash                         // a cash box's payments (CA)
	JournalExchange                     // exchange differences lettering generates (CHG)
	JournalCashBasis                    // cash-basis VAT entries lettering generates (TVA)
	journalKindEnd
)

var journalKindNames = [...]string{"general", "sale", "purchase", "bank", "cash", "exchange", "cash_basis"}

// String returns the kind's name as printed and stored ("sale", "bank"…), or JournalKind(n) for an unknown value.
func (k JournalKind) String() string {
	if k >= journalKindEnd {
		return fmt.Sprintf("JournalKind(%d)", uint8(k))
	}
	return journalKindNames[k]
}

// Journal is a book of entries with its own numbering (VT, AC, BQ...).
type Journal struct {
	// Code is the journal's code, its entries' prefix: "VT", "BQ".
	Code string
	// Name is the journal's label: "Ventes", "Banque".
	Name string
	// Kind says which entries the journal takes: sales, purchases, bank…
	Kind JournalKind
	// BankAccount is the bank or cash account of a bank or cash journal.
	BankAccount string
	// UsesOutstanding says a bank journal books payments on the outstanding
	// receipts/payments accounts until a statement line clears them (Odoo's
	// way); false posts straight to BankAccount (OpenFire's and INFast's).
	UsesOutstanding bool
	// OutstandingReceipts is the outstanding receipts account (512100)
	// inbound payments go to when UsesOutstanding is set.
	OutstandingReceipts string
	// OutstandingPayments is the outstanding payments account (512200)
	// outbound payments go to when UsesOutstanding is set.
	OutstandingPayments string
	// IBAN is the company's bank account a bank journal books: statements
	// of that account are imported into it. An account held in several
	// currencies (one IBAN, one balance per currency) has a journal per
	// currency, each with a BankAccount fixed to its currency, one of them
	// possibly to none (it takes the rest): statements go to the journal
	// of their currency.
	IBAN ident.IBAN
}

type journalRec struct {
	Code                string `cbor:"1,keyasint"`
	Name                string `cbor:"2,keyasint"`
	Kind                uint8  `cbor:"3,keyasint"`
	BankAccount         string `cbor:"4,keyasint,omitempty"`
	UsesOutstanding     bool   `cbor:"5,keyasint,omitempty"`
	OutstandingReceipts string `cbor:"6,keyasint,omitempty"`
	OutstandingPayments string `cbor:"7,keyasint,omitempty"`
	IBAN                string `cbor:"8,keyasint,omitempty"`
}

// codeMax is the longest partner or journal code.
const codeMax = 32

// CheckCode returns ErrCode when code is no partner or journal code: 1 to
// 32 ASCII letters, digits, '-', '_' or '.'. A program that writes codes
// of its own beside the book's (an opening journal in an export) checks
// them as the book does.
func CheckCode(code string) error { return checkCode(code) }

func checkCode(code string) error {
	if len(code) == 0 || len(code) > codeMax {
		return fmt.Errorf("%w: %q", ErrCode, code)
	}
	for _, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return fmt.Errorf("%w: %q", ErrCode, code)
		}
	}
	return nil
}

// putNew stores v under key unless the key exists (ErrDuplicate).
func putNew(tx store.Tx, bucket []byte, key string, v any) error {
	if _, err := tx.Get(bucket, []byte(key)); err == nil {
		return fmt.Errorf("%w: %s", ErrDuplicate, key)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.Put(bucket, []byte(key), encode(v))
}

// AddJournal adds a journal. Its accounts must exist, its bank account
// one that holds money (KindBank, KindCash, an outstanding or transfer
// account, or KindOther), and a journal that uses outstanding accounts
// must be a bank or cash journal and not name its bank account as one of
// them: a receipt would wait on the account its statement line clears it
// to. An IBAN is one journal's, unless its journals' bank accounts are
// each fixed to a currency of its own (a multi-currency bank account),
// one of them possibly fixed to none, which then takes the company
// currency's statements and any currency no other journal of the IBAN is
// in (an account's first journal, kept as it was). It returns ErrCode,
// ErrKind, ErrDuplicate, ErrUnknownAccount or a *journal.TextError for a
// name journal.CheckText refuses.
func (b *Book) AddJournal(ctx context.Context, j Journal) error {
	if err := checkCode(j.Code); err != nil {
		return err
	}
	if j.Kind >= journalKindEnd {
		return fmt.Errorf("%w: journal kind %d", ErrKind, j.Kind)
	}
	if err := journal.CheckText("journal name", j.Name); err != nil {
		return err
	}
	if j.IBAN != "" {
		iban, err := ident.ParseIBAN(string(j.IBAN))
		if err != nil {
			return err
		}
		if j.Kind != JournalBank {
			return fmt.Errorf("%w: only a bank journal has an IBAN, %s is a %s journal", ErrKind, j.Code, j.Kind)
		}
		j.IBAN = iban
	}
	if err := checkOutstanding(j.Code, j.Kind, j.UsesOutstanding, j.BankAccount, j.OutstandingReceipts, j.OutstandingPayments); err != nil {
		return err
	}
	return b.Update(ctx, func(t *Tx) error {
		for _, code := range []string{j.BankAccount, j.OutstandingReceipts, j.OutstandingPayments} {
			if code == "" {
				continue
			}
			a, err := t.Account(code)
			if err != nil {
				return err
			}
			// A journal's bank account is where its money is: a receipt
			// booked through it debits that account. One that holds no
			// money (an expense, income, tax, a partner's account) is a
			// mistake; a general account of no kind may be a bank's.
			if code == j.BankAccount && !slices.Contains([]AccountKind{KindBank, KindCash, KindOutstandingReceipts, KindOutstandingPayments,
				KindInternalTransfer, KindOther}, a.Kind) {
				return fmt.Errorf("%w: journal %s's bank account %s is of kind %s: give a bank (512…) or cash (53…) account", ErrKind, j.Code, code, a.Kind)
			}
		}
		if j.IBAN != "" {
			if err := t.ibanFree(j); err != nil {
				return err
			}
		}
		return putNew(t.st, bJournal, j.Code, journalRec{Code: j.Code, Name: j.Name, Kind: uint8(j.Kind),
			BankAccount: j.BankAccount, UsesOutstanding: j.UsesOutstanding,
			OutstandingReceipts: j.OutstandingReceipts, OutstandingPayments: j.OutstandingPayments, IBAN: string(j.IBAN)})
	})
}

// checkOutstanding refuses a journal that uses outstanding accounts and is
// no bank or cash journal, or names its bank account as one of them
// (ErrKind): the payments waiting
// for the bank and the bank's balance would be one account, and clearing
// a receipt would post the account against itself.
func checkOutstanding(code string, kind JournalKind, uses bool, bank, receipts, payments string) error {
	if !uses {
		return nil
	}
	if kind != JournalBank && kind != JournalCash {
		// Only a bank or cash journal's payments wait for a statement.
		return fmt.Errorf("%w: only a bank or cash journal uses outstanding accounts, %s is a %s journal", ErrKind, code, kind)
	}
	if bank == "" {
		return nil
	}
	for _, o := range []struct{ name, account string }{{"receipts", receipts}, {"payments", payments}} {
		if o.account == bank {
			return fmt.Errorf("%w: journal %s's outstanding %s account %s is its bank account: the bank account (512000…) and the accounts of payments waiting for it (512100, 512200) must differ", ErrKind, code, o.name, bank)
		}
	}
	return nil
}

// Journal returns a journal by code, or ErrUnknownJournal.
func (b *Book) Journal(ctx context.Context, code string) (Journal, error) {
	return read(ctx, b, func(t *Tx) (Journal, error) { return t.Journal(code) })
}

// Journal returns a journal by code, or ErrUnknownJournal.
func (t *Tx) Journal(code string) (Journal, error) {
	if j, ok := t.journals[code]; ok {
		return j, nil
	}
	seq, hash, cached, err := t.configHead()
	if err != nil {
		return Journal{}, err
	}
	if cached {
		if j, ok := t.b.config.journal(seq, hash, code); ok {
			return j, nil
		}
	}
	v, err := t.st.Get(bJournal, []byte(code))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
		return Journal{}, fmt.Errorf("%w: %q", ErrUnknownJournal, code)
	} else if err != nil {
		return Journal{}, err
	}
	var r journalRec
	if err := decode(v, &r); err != nil {
		return Journal{}, err
	}
	j := r.journal()
	t.journals[code] = j
	if cached {
		t.b.config.keepJournal(seq, hash, code, j)
	}
	return j, nil
}

func (r *journalRec) journal() Journal {
	return Journal{Code: r.Code, Name: r.Name, Kind: JournalKind(r.Kind), BankAccount: r.BankAccount,
		UsesOutstanding: r.UsesOutstanding, OutstandingReceipts: r.OutstandingReceipts, OutstandingPayments: r.OutstandingPayments,
		IBAN: ident.IBAN(r.IBAN)}
}

// JournalByIBAN returns the bank journal of a company bank account, and
// false when no journal has that IBAN; of an account held in several
// currencies, the first journal by code (JournalsByIBAN gives them all).
func (t *Tx) JournalByIBAN(iban ident.IBAN) (Journal, bool, error) {
	js, err := t.JournalsByIBAN(iban)
	if err != nil || len(js) == 0 {
		return Journal{}, false, err
	}
	return js[0], true, nil
}

// JournalsByIBAN returns the bank journals of a company bank account,
// in the order of their codes: one, or one per currency of an account
// held in several; none when no journal has that IBAN.
func (t *Tx) JournalsByIBAN(iban ident.IBAN) ([]Journal, error) {
	var out []Journal
	err := t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
		var r journalRec
		if err := decode(v, &r); err != nil {
			return err
		}
		if r.IBAN != "" && r.IBAN == string(iban) {
			out = append(out, r.journal())
		}
		return nil
	})
	return out, err
}

// ibanFree refuses a new journal j of an IBAN another journal has,
// unless their bank accounts are fixed to two currencies, or one to a
// foreign currency and the other to none (which takes the company
// currency's statements and the rest): the statements of each currency
// then have one journal to go to.
func (t *Tx) ibanFree(j Journal) error {
	others, err := t.JournalsByIBAN(j.IBAN)
	if err != nil || len(others) == 0 {
		return err
	}
	ccy, err := t.bankCurrency(j)
	if err != nil {
		return err
	}
	company := t.Book().Currency()
	for _, o := range others {
		oc, err := t.bankCurrency(o)
		if err != nil {
			return err
		}
		if ccy == oc || ccy.IsZero() && oc == company || oc.IsZero() && ccy == company {
			return fmt.Errorf("%w: IBAN %s is journal %s's (a second journal of it needs a bank account fixed to another currency than each other's)",
				ErrDuplicate, j.IBAN.Paper(), o.Code)
		}
	}
	return nil
}

// bankCurrency is the currency a journal's bank account is fixed to,
// zero when it has none or is not fixed to one.
func (t *Tx) bankCurrency(j Journal) (currency.Currency, error) {
	if j.BankAccount == "" {
		return currency.Currency{}, nil
	}
	a, err := t.Account(j.BankAccount)
	if err != nil {
		return currency.Currency{}, err
	}
	return a.Currency, nil
}

// rateKey is the currency's code, a zero byte (codes of units of account
// differ in length: "GOL" must not prefix "GOLD"), and the date.
func rateKey(c currency.Currency, d journal.Date) []byte { return u32(str(nil, c.Code()), d.Key()) }

// SetRate records that on date, 1 unit of the company currency is worth
// rate units of c. A later call for the same date replaces the rate for
// entries posted afterwards; posted entries keep their amounts. It returns
// ErrRate for the company currency.
func (b *Book) SetRate(ctx context.Context, c currency.Currency, date journal.Date, rate currency.Rate) error {
	switch {
	case c.IsZero() || c == b.company:
		return fmt.Errorf("%w: %s", ErrRate, c)
	case rate.IsZero():
		return currency.ErrRateNotPositive
	case date.IsZero():
		return journal.ErrNoDate
	}
	return b.Update(ctx, func(t *Tx) error {
		if ok, err := t.knows(c); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: %s", ErrUnit, c)
		}
		return t.st.Put(bRate, rateKey(c, date), []byte(rate.String()))
	})
}

// Rate returns the rate of c on date: the latest on or before it, with the
// date it was set for. It returns ErrNoRate when there is none.
func (b *Book) Rate(ctx context.Context, c currency.Currency, date journal.Date) (currency.Rate, journal.Date, error) {
	var r currency.Rate
	var on journal.Date
	err := b.view(ctx, func(t *Tx) error {
		var err error
		r, on, err = t.Rate(c, date)
		return err
	})
	return r, on, err
}

// Rate returns the rate of c on date (the latest on or before it).
func (t *Tx) Rate(c currency.Currency, date journal.Date) (currency.Rate, journal.Date, error) {
	var rate currency.Rate
	var on journal.Date
	found := false
	// The bound is the key after date's, not the next day's: after
	// 9999-12-31 there is no next day.
	err := t.st.Scan(bRate, str(nil, c.Code()), u32(str(nil, c.Code()), date.Key()+1), true, func(k, v []byte) error {
		r, err := currency.ParseRate(string(v))
		if err != nil {
			return fmt.Errorf("%w: rate %q: %v", ErrFormat, v, err)
		}
		if len(k) < 4 {
			return fmt.Errorf("%w: rate key %q", ErrFormat, k)
		}
		d, err := journal.DateFromKey(binary.BigEndian.Uint32(k[len(k)-4:]))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
		rate, on, found = r, d, true
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return currency.Rate{}, journal.Date{}, err
	}
	if !found {
		return currency.Rate{}, journal.Date{}, fmt.Errorf("%w: %s on %s", ErrNoRate, c, date)
	}
	return rate, on, nil
}

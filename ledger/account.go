package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/tax"
)

// AccountKind is what an account holds; it drives defaults (reconcilable),
// checks (partner required) and, in reconcile, which accounts a flow uses.
type AccountKind uint8

const (
	KindOther                 AccountKind = iota // none of the kinds below
	KindReceivable                               // customers (411000); lettered, lines name a partner
	KindPayable                                  // suppliers (401000); lettered, lines name a partner
	KindCustomerAdvance                          // advances received from customers (419100); lettered
	KindSupplierAdvance                          // advances paid to suppliers; lettered
	KindBank                                     // a bank account (512000)
	KindCash                                     // a cash box (530000)
	KindOutstandingReceipts                      // receipts not yet on a bank statement (511200, 512100); lettered
	KindOutstandingPayments                      // payments not yet on a bank statement (512200); lettered
	KindInternalTransfer                         // transfers between the company's own accounts (580000); lettered
	KindSuspense                                 // amounts waiting to be identified (471000); lettered
	KindIncome                                   // income (class 7)
	KindExpense                                  // expenses (class 6)
	KindTax                                      // VAT due or deductible (445710, 445660); under the tax lock date
	KindTaxTransition                            // cash-basis VAT waiting for payment (445740, 445640); under the tax lock date
	KindExchangeGain                             // realised exchange gains (756000, 766000)
	KindExchangeLoss                             // realised exchange losses (656000, 666000)
	KindUnrealisedFXAsset                        // unrealised exchange losses at a revaluation (476000)
	KindUnrealisedFXLiability                    // unrealised exchange gains at a revaluation (477000)
	KindProvision                                // the provision for exchange losses and its charge (151500, 681500)
	KindDiscountGranted                          // early-payment discounts granted to customers (665000)
	KindDiscountObtained                         // early-payment discounts obtained from suppliers (765000)
	KindWriteOffGain                             // small differences written off in the company's favour (758000)
	KindWriteOffLoss                             // small differences written off against it (658000)
	KindEquity                                   // capital and results (101000, 120000, 129000)
	accountKindEnd
)

var accountKindNames = [...]string{"other", "receivable", "payable", "customer_advance", "supplier_advance",
	"bank", "cash", "outstanding_receipts", "outstanding_payments", "internal_transfer", "suspense",
	"income", "expense", "tax", "tax_transition", "exchange_gain", "exchange_loss",
	"unrealised_fx_asset", "unrealised_fx_liability", "provision", "discount_granted",
	"discount_obtained", "write_off_gain", "write_off_loss", "equity"}

// String returns the kind's name as printed and stored ("receivable", "bank"…), or AccountKind(n) for an unknown value.
func (k AccountKind) String() string {
	if k >= accountKindEnd {
		return fmt.Sprintf("AccountKind(%d)", uint8(k))
	}
	return accountKindNames[k]
}

// Valid reports whether k is a known kind.
func (k AccountKind) Valid() bool { return k < accountKindEnd }

// ReconcilableByDefault reports whether accounts of kind k are lettered:
// receivables, payables, advances, outstanding, internal transfer and
// suspense accounts.
func (k AccountKind) ReconcilableByDefault() bool {
	switch k {
	case KindReceivable, KindPayable, KindCustomerAdvance, KindSupplierAdvance,
		KindOutstandingReceipts, KindOutstandingPayments, KindInternalTransfer, KindSuspense:
		return true
	}
	return false
}

// NeedsPartner reports whether lines on accounts of kind k must name a
// partner (receivable and payable accounts).
func (k AccountKind) NeedsPartner() bool { return k == KindReceivable || k == KindPayable }

// TouchesTax reports whether entries on accounts of kind k fall under the
// tax lock date.
func (k AccountKind) TouchesTax() bool { return k == KindTax || k == KindTaxTransition }

// lineTouchesTax reports whether line l, on account a, falls under the tax
// lock date: a line on a tax account, or a line carrying a tax snapshot —
// a base line is a figure of the VAT report as much as a tax line is (a
// cash-basis entry whose tax share rounded to nothing moves only bases, an
// exempt sale has no tax line), so a locked VAT period must not get one
// either (Odoo's tax lock date checks tax_ids as well as tax_line_id).
func lineTouchesTax(a Account, l *journal.Line) bool {
	return a.Kind.TouchesTax() || l.TaxRole != tax.RoleNone
}

// Account is an account of the chart.
type Account struct {
	Code string      // digits, the first a PCG class: "411000"; or auxiliary: "411MARTIN"
	Name string      // label: "Clients", "Ventes de marchandises"
	Kind AccountKind // what the account is for; sets partner, tax-lock and lettering rules
	// Reconcilable says the account's lines are lettered (receivables,
	// payables, outstanding accounts…); NewAccount takes the kind's default.
	Reconcilable bool
	// Currency, when set, fixes the account to one transaction currency:
	// lines in another are refused (ErrAccountCurrency). Set to the book's
	// own currency, it keeps foreign-currency lines off the account and is
	// otherwise as if unset: such an account is not revalued.
	Currency currency.Currency
	// Active accounts take user entries; an inactive one still takes the
	// entries the book and lettering generate.
	Active bool
}

// NewAccount returns an active account with the kind's reconcilable
// default.
func NewAccount(code, name string, kind AccountKind) Account {
	return Account{Code: code, Name: name, Kind: kind, Reconcilable: kind.ReconcilableByDefault(), Active: true}
}

// IsIncomeStatement reports whether the account is an income or expense
// account (PCG classes 6 and 7), whose balance restarts each fiscal year.
func (a Account) IsIncomeStatement() bool { return a.Code[0] == '6' || a.Code[0] == '7' }

// accountCodeMax is the longest account code of digits only, and
// auxiliaryCodeMax the longest auxiliary code (411MARTINDUPONT).
const (
	accountCodeMax   = 12
	auxiliaryCodeMax = 20
)

// CheckAccountCode checks an account code as AddAccount does: 3 to 12
// digits, the first a class of the chart (1 to 8), and with auxiliary an
// auxiliary code as IsAuxiliaryCode says. It returns ErrAccountCode (and
// ErrAuxiliaryCode for an auxiliary code when auxiliary is false).
func CheckAccountCode(code string, auxiliary bool) error {
	aux := auxiliary
	digits := 0
	for digits < len(code) && code[digits] >= '0' && code[digits] <= '9' {
		digits++
	}
	switch {
	case len(code) < 3 || code[0] < '1' || code[0] > '8':
		return fmt.Errorf("%w: %q", ErrAccountCode, code)
	case digits == len(code) && len(code) <= accountCodeMax:
		return nil
	case !IsAuxiliaryCode(code):
		return fmt.Errorf("%w: %q", ErrAccountCode, code)
	case !aux:
		return fmt.Errorf("%w: %w: %q", ErrAccountCode, ErrAuxiliaryCode, code)
	}
	return nil
}

// IsAuxiliaryCode reports whether code is an auxiliary account code: a PCG
// class of at least three digits, the first 1 to 8, followed by a capital
// letter and then capital letters and digits, at most 20 characters in
// all: "411MARTIN", "401DUPONT2". A book takes them when created with
// Options.AuxiliaryCodes.
func IsAuxiliaryCode(code string) bool {
	if len(code) > auxiliaryCodeMax || len(code) < 4 || code[0] < '1' || code[0] > '8' {
		return false
	}
	i := 0
	for i < len(code) && code[i] >= '0' && code[i] <= '9' {
		i++
	}
	if i < 3 || i == len(code) || code[i] < 'A' || code[i] > 'Z' {
		return false
	}
	for ; i < len(code); i++ {
		if c := code[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// kindPrefixes are the PCG prefixes KindOfCode knows, longest first where
// one prefixes another.
var kindPrefixes = []struct {
	prefix string
	kind   AccountKind
}{
	{"4091", KindSupplierAdvance}, {"4191", KindCustomerAdvance},
	{"44564", KindTaxTransition}, {"44574", KindTaxTransition}, {"445", KindTax},
	{"401", KindPayable}, {"403", KindPayable}, {"404", KindPayable}, {"405", KindPayable},
	{"411", KindReceivable}, {"413", KindReceivable}, {"416", KindReceivable},
	{"471", KindSuspense}, {"476", KindUnrealisedFXAsset}, {"477", KindUnrealisedFXLiability},
	{"511", KindOutstandingReceipts}, {"512", KindBank}, {"514", KindBank}, {"517", KindBank}, {"53", KindCash}, {"58", KindInternalTransfer},
	{"151", KindProvision}, {"10", KindEquity}, {"11", KindEquity}, {"12", KindEquity},
	{"656", KindExchangeLoss}, {"666", KindExchangeLoss}, {"658", KindWriteOffLoss}, {"665", KindDiscountGranted},
	{"756", KindExchangeGain}, {"766", KindExchangeGain}, {"758", KindWriteOffGain}, {"765", KindDiscountObtained},
	{"6", KindExpense}, {"7", KindIncome},
}

// KindOfCode returns the kind the French chart gives accounts under code's
// PCG prefix: 411… receivable, 401… payable, 512…, 514… and 517… bank,
// 445… tax (44574… and 44564… tax transition), 6… expense, 7… income, and
// so on; KindOther for a prefix it does not know, and for the accruals
// (408…, 418…, 4098…, 4198…: invoices and credit notes to receive or to
// issue), which the chart keeps as general accounts. AddAccount gives it
// to an auxiliary account added with KindOther.
func KindOfCode(code string) AccountKind {
	for _, p := range kindPrefixes {
		if strings.HasPrefix(code, p.prefix) {
			return p.kind
		}
	}
	return KindOther
}

// AccountOfCode is the account the French chart would make of code: of
// KindOfCode's kind and that kind's reconcilable default, and reconcilable
// under the accrual prefixes 408, 418, 4098 and 4198 too (invoices and
// credit notes to receive or to issue), whose lines are lettered with
// their reversal of the next year (as InstallFrenchChart's 408100 and
// 418100).
func AccountOfCode(code, name string) Account {
	a := NewAccount(code, name, KindOfCode(code))
	a.Reconcilable = a.Reconcilable || isAccrual(code)
	return a
}

// isAccrual reports whether code is under a PCG prefix of accruals booked
// at a year end and reversed on the next day: invoices to receive and to
// issue (408, 418), credit notes to receive and to issue (4098, 4198).
func isAccrual(code string) bool {
	for _, p := range [...]string{"408", "418", "4098", "4198"} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

type accountRec struct {
	Code         string `cbor:"1,keyasint"`
	Name         string `cbor:"2,keyasint"`
	Kind         uint8  `cbor:"3,keyasint"`
	Reconcilable bool   `cbor:"4,keyasint,omitempty"`
	Currency     string `cbor:"5,keyasint,omitempty"`
	Active       bool   `cbor:"6,keyasint,omitempty"`
}

func accountRecOf(a Account) accountRec {
	return accountRec{Code: a.Code, Name: a.Name, Kind: uint8(a.Kind), Reconcilable: a.Reconcilable,
		Currency: a.Currency.Code(), Active: a.Active}
}

func validateAccount(a Account, aux bool) error {
	if err := CheckAccountCode(a.Code, aux); err != nil {
		return err
	}
	if !a.Kind.Valid() {
		return fmt.Errorf("%w: account kind %d", ErrKind, a.Kind)
	}
	return journal.CheckText("account name", a.Name)
}

// AddAccount adds an account. An auxiliary code (411MARTIN) is accepted
// in a book created with Options.AuxiliaryCodes; given with KindOther, such
// an account takes the kind of its class (KindOfCode) and that kind's
// reconcilable default. It returns ErrAccountCode (with ErrAuxiliaryCode
// for an auxiliary code the book does not take), ErrKind,
// ErrDuplicate, ErrUnit for a fixed currency that is a unit of account the
// book does not record, a *journal.TextError for a name
// journal.CheckText refuses, or ErrIntegrity when the store already holds
// an active flag for the code (written outside the book: run Check).
func (b *Book) AddAccount(ctx context.Context, a Account) error {
	a = b.withAuxiliaryKind(a)
	if err := validateAccount(a, b.aux); err != nil {
		return err
	}
	return b.Update(ctx, func(t *Tx) error { return t.addAccount(a) })
}

// AddAccount is Book.AddAccount inside a transaction: an account added
// with the entries that use it (BatchOptions.Before), or not at all.
func (t *Tx) AddAccount(a Account) error {
	a = t.b.withAuxiliaryKind(a)
	if err := validateAccount(a, t.b.aux); err != nil {
		return err
	}
	return t.addAccount(a)
}

// addAccount adds a validated account: its unit must be the book's.
func (t *Tx) addAccount(a Account) error {
	if !a.Currency.IsZero() {
		if ok, err := t.knows(a.Currency); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: %s", ErrUnit, a.Currency)
		}
	}
	return t.putAccount(a)
}

// withAuxiliaryKind gives an auxiliary account added with KindOther the
// kind of its class.
func (b *Book) withAuxiliaryKind(a Account) Account {
	if b.aux && a.Kind == KindOther && IsAuxiliaryCode(a.Code) {
		a.Kind, a.Reconcilable = KindOfCode(a.Code), AccountOfCode(a.Code, "").Reconcilable
	}
	return a
}

// putAccount writes a new account, or returns ErrDuplicate.
func (t *Tx) putAccount(a Account) error {
	// No account has an active flag before it exists: one found here was
	// written by something other than this book.
	if _, err := t.st.Get(bActive, []byte(a.Code)); err == nil {
		return fmt.Errorf("%w: account %s has an active flag before it exists; run Check", ErrIntegrity, a.Code)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return putNew(t.st, bAccount, a.Code, accountRecOf(a))
}

// SetAccountActive activates or deactivates an account. Inactive accounts
// refuse new user entries; generated entries and reversals still post.
func (b *Book) SetAccountActive(ctx context.Context, code string, active bool) error {
	return b.Update(ctx, func(t *Tx) error {
		if _, err := t.Account(code); err != nil {
			return err
		}
		delete(t.accounts, code)
		return t.st.Put(bActive, []byte(code), activeFlag(active))
	})
}

// Account returns an account by code, or ErrUnknownAccount.
func (b *Book) Account(ctx context.Context, code string) (Account, error) {
	return read(ctx, b, func(t *Tx) (Account, error) { return t.Account(code) })
}

// Accounts returns the chart in code order.
func (b *Book) Accounts(ctx context.Context) ([]Account, error) {
	return read(ctx, b, (*Tx).accountsList)
}

// Accounts is Book.Accounts inside a transaction.
func (t *Tx) Accounts() ([]Account, error) { return t.accountsList() }

// Account returns an account by code, or ErrUnknownAccount.
func (t *Tx) Account(code string) (Account, error) {
	if a, ok := t.accounts[code]; ok {
		return a, nil
	}
	seq, hash, cached, err := t.configHead()
	if err != nil {
		return Account{}, err
	}
	if cached {
		if a, ok := t.b.config.account(seq, hash, code); ok {
			t.accounts[code] = a // the next line on it skips the shared cache's lock
			return a, nil
		}
	}
	v, err := t.st.Get(bAccount, []byte(code))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey) {
		return Account{}, fmt.Errorf("%w: %q", ErrUnknownAccount, code)
	} else if err != nil {
		return Account{}, err
	}
	a, err := t.decodeAccount(v)
	if err != nil {
		return Account{}, err
	}
	t.accounts[code] = a
	if cached {
		t.b.config.keepAccount(seq, hash, code, a)
	}
	return a, nil
}

// activeFlag is the value of an account's active flag record.
func activeFlag(active bool) []byte {
	if active {
		return []byte{1}
	}
	return []byte{0}
}

// decodeAccount decodes an account record and reads its active flag: the
// record holds the flag the account was added with, and bActive the flag
// SetAccountActive last set, so that the record itself (its kind above
// all, which decides what the tax lock covers) is never rewritten.
func (t *Tx) decodeAccount(v []byte) (Account, error) {
	var r accountRec
	if err := decode(v, &r); err != nil {
		return Account{}, err
	}
	a := Account{Code: r.Code, Name: r.Name, Kind: AccountKind(r.Kind), Reconcilable: r.Reconcilable, Active: r.Active}
	switch f, err := t.st.Get(bActive, []byte(r.Code)); {
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadKey):
	case err != nil:
		return Account{}, err
	case len(f) != 1 || f[0] > 1:
		return Account{}, fmt.Errorf("%w: active flag of account %q is %x", ErrIntegrity, r.Code, f)
	default:
		a.Active = f[0] == 1
	}
	if r.Currency != "" {
		c, err := t.currencyOf(r.Currency)
		if err != nil {
			return Account{}, err
		}
		a.Currency = c
	}
	return a, nil
}

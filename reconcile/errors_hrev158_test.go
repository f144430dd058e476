package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev158Refused asserts err matches want, says what is wrong, and that
// nothing was written (store byte-identical on boltstore).
func hrev158Refused(t *testing.T, f *fixture, want error, contains string, run func() error) {
	t.Helper()
	before := f.snapshot(t)
	err := run()
	require.ErrorIs(t, err, want)
	if contains != "" {
		assert.Contains(t, err.Error(), contains)
	}
	f.unchanged(t, before)
}

// ApplyImported: "each its own atomic unit … one that fails is reported and
// does not stop the others". A proposal clearing a 100.00 supplier payment
// with a bank line of -99.00 as bank fees is refused (ErrNotFee: the bank
// paid out less); the other proposal (+50.00 to the suspense account) must
// still be posted.
func TestHrev158ApplyImportedNotFeeDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: ApplyImported aborts the whole call with ErrNotFee for one proposal; expected outcome[0].Err ErrNotFee and outcome[1] posted (+50.00 on 471000), got error and nothing posted
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		bill := f.bill(t, "S1", d(3, 1), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		s := b.statement(d(3, 10), rvEntry{amount: "-99.00"}, rvEntry{amount: "50.00"})
		_, err = f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		props := []reconcile.ImportedProposal{
			{ImportedEntry: reconcile.ImportedEntry{Journal: "BNP", Statement: s.ID, BankEntry: s.Entries[0]}, Matched: true,
				Target: reconcile.ImportedTarget{Payments: []journal.ID{pay.ID}, BankFees: true}},
			{ImportedEntry: reconcile.ImportedEntry{Journal: "BNP", Statement: s.ID, BankEntry: s.Entries[1]}, Matched: true,
				Target: reconcile.ImportedTarget{Account: "471000"}},
		}
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.Len(t, outs, 2)
		assert.ErrorIs(t, outs[0].Err, reconcile.ErrNotFee)
		require.NoError(t, outs[1].Err)
		assert.Equal(t, "-50.00", hrev68Bal(t, f, "471000", "", journal.Date{}))
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		require.Len(t, open, 1)
		assert.Equal(t, s.Entries[0].Ref, open[0].Ref)
		f.check(t)
	})
}

// PostImported of the same ErrNotFee target alone is refused, with the
// difference named, writing nothing.
func TestHrev158PostImportedNotFeeRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		bill := f.bill(t, "S1", d(3, 1), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		s := b.statement(d(3, 10), rvEntry{amount: "-99.00"})
		_, err = f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		target := reconcile.ImportedTarget{Payments: []journal.ID{res.Entries[0].ID}, BankFees: true}
		hrev158Refused(t, f, reconcile.ErrNotFee, "1.00 EUR", func() error {
			_, err := f.rec.PostImported(ctx, journal.NoID, "BNP", s.ID, s.Entries[0].Ref, target)
			return err
		})
		hrev158Refused(t, f, reconcile.ErrNotFound, "nope", func() error {
			_, err := f.rec.PostImported(ctx, journal.NoID, "BNP", s.ID, "nope", reconcile.ImportedTarget{Account: "471000"})
			return err
		})
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", s.ID, s.Entries[0].Ref, reconcile.ImportedTarget{Account: "471000"})
		require.NoError(t, err)
		hrev158Refused(t, f, reconcile.ErrPosted, s.Entries[0].Ref, func() error {
			_, err := f.rec.PostImported(ctx, journal.NoID, "BNP", s.ID, s.Entries[0].Ref, reconcile.ImportedTarget{Account: "471000"})
			return err
		})
		f.check(t)
	})
}

// Revalue: "ErrNotRevaluable for an account that is not a receivable or
// payable account". An account code the book does not have is not one.
func TestHrev158RevalueUnknownAccount(t *testing.T) {
	t.Parallel()
	// Was failing, fixed (the godoc now lists it): Revalue{Accounts: ["999999"]} returns ledger.ErrUnknownAccount, which its godoc did not list.
	onStores(t, func(t *testing.T, f *fixture) {
		hrev158Refused(t, f, ledger.ErrUnknownAccount, "999999", func() error {
			_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Accounts: []string{"999999"}})
			return err
		})
	})
}

// DepositCheques: the godoc lists ErrNotDocument "for an entry that is not
// a cheque received on that journal"; an id naming no entry at all comes
// back as ErrNotPosted, which the godoc does not list.
func TestHrev158DepositUnknownReceipt(t *testing.T) {
	t.Parallel()
	// Was failing, fixed (the godoc now lists it): DepositCheques with an unknown receipt id returns ErrNotPosted, which its godoc did not list.
	onStores(t, func(t *testing.T, f *fixture) {
		hrev158Refused(t, f, reconcile.ErrNotPosted, "", func() error {
			_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{journal.NewID()}})
			return err
		})
	})
}

// Reverse with a date before the entry's own is refused, but with
// ledger.ErrReversalDate, which Reverse's godoc does not list and which
// does not match journal.ErrDate (what DepositCheques, CashBasisPayments
// and VATReport return for a date out of order).
func TestHrev158ReverseDatedBeforeOriginal(t *testing.T) {
	t.Parallel()
	// Was failing, fixed (the godoc now lists it): Reverse{Date: 2026-02-01} of an invoice of 2026-03-01 returns ledger.ErrReversalDate, which its godoc did not list.
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		hrev158Refused(t, f, ledger.ErrReversalDate, "", func() error {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID, Date: d(2, 1)})
			return err
		})
	})
}

// Pins: Reverse's documented errors, each writing nothing.
func TestHrev158ReverseDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		paid := f.invoice(t, "C1", d(3, 1), "10.00")
		full := f.receive(t, "BQD", "C1", d(3, 2), "10.00", paid)
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		hrev158Refused(t, f, ledger.ErrLettered, "BQD/2026/00001", func() error {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: full.ID})
			return err
		})
		hrev158Refused(t, f, reconcile.ErrNotPosted, "", func() error {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: journal.NewID()})
			return err
		})
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID})
		require.NoError(t, err)
		hrev158Refused(t, f, ledger.ErrAlreadyReversed, "VT/2026/00002", func() error {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID})
			return err
		})
		assert.Equal(t, "0.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		f.check(t)
	})
}

// Pins: a cancelled payment stays lettered with its reversal: Unletter,
// Detach and UnletterCode all refuse with ErrReversalPair and write
// nothing; CancelPayment again is ledger.ErrAlreadyReversed, of an invoice
// ErrNotDocument.
func TestHrev158ReversalPairRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "10.00")
		pay := f.receive(t, "BQD", "C1", d(3, 2), "10.00", inv)
		_, err := f.rec.CancelPayment(ctx, journal.NoID, pay.ID)
		require.NoError(t, err)
		code, prov, err := f.rec.Code(ctx, pay.LineRef(0))
		require.NoError(t, err)
		require.False(t, prov)
		hrev158Refused(t, f, reconcile.ErrReversalPair, "", func() error {
			_, err := f.rec.Unletter(ctx, journal.NoID, pay.LineRef(0))
			return err
		})
		hrev158Refused(t, f, reconcile.ErrReversalPair, "", func() error {
			_, err := f.rec.Detach(ctx, journal.NoID, pay.LineRef(0))
			return err
		})
		hrev158Refused(t, f, reconcile.ErrReversalPair, "", func() error {
			_, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "C1", code)
			return err
		})
		hrev158Refused(t, f, ledger.ErrAlreadyReversed, "", func() error {
			_, err := f.rec.CancelPayment(ctx, journal.NoID, pay.ID)
			return err
		})
		hrev158Refused(t, f, reconcile.ErrNotDocument, "VT/2026/00001", func() error {
			_, err := f.rec.CancelPayment(ctx, journal.NoID, inv.ID)
			return err
		})
		assert.Equal(t, "10.00", f.residual(t, inv.LineRef(0)).Plain())
		f.check(t)
	})
}

// Pins: RegisterPayment's early-discount and cheque refusals.
func TestHrev158RegisterPaymentRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		inv2 := f.invoice(t, "C1", d(3, 1), "50.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("20.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "1234567"}})
		require.NoError(t, err)
		pm := func(mod func(p *reconcile.Payment)) func() error {
			return func() error {
				p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5), Amount: e("5.00"), Method: reconcile.MethodTransfer}
				mod(&p)
				_, err := f.rec.RegisterPayment(ctx, p)
				return err
			}
		}
		hrev158Refused(t, f, reconcile.ErrDiscount, "2 invoices", pm(func(p *reconcile.Payment) {
			p.Invoices = []journal.ID{inv.ID, inv2.ID}
			p.EarlyDiscount = true
		}))
		hrev158Refused(t, f, reconcile.ErrDiscount, "100.00 EUR", pm(func(p *reconcile.Payment) {
			p.Invoices = []journal.ID{inv.ID}
			p.EarlyDiscount = true
			p.Amount = e("100.00")
		}))
		hrev158Refused(t, f, reconcile.ErrDuplicateCheque, "01234567", pm(func(p *reconcile.Payment) {
			p.Method = reconcile.MethodCheque
			p.Cheque = &reconcile.Cheque{Number: "01234567"}
		}))
		hrev158Refused(t, f, reconcile.ErrDirection, "", pm(func(p *reconcile.Payment) { p.Method = 99 }))
		hrev158Refused(t, f, reconcile.ErrTooManyLines, "1001", pm(func(p *reconcile.Payment) {
			for i := 0; i < 1001; i++ {
				p.Invoices = append(p.Invoices, journal.NewID())
			}
		}))
		hrev158Refused(t, f, reconcile.ErrNotPosted, "", pm(func(p *reconcile.Payment) { p.Invoices = []journal.ID{journal.NewID()} }))
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
		f.check(t)
	})
}

// Pins: Propose and AutoLetter refuse bad scopes and rules with ErrScope /
// ErrRules (wrapping the ledger's unknown-account/partner errors) and
// write nothing.
func TestHrev158ScopeAndRules(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		f.receive(t, "BQD", "C1", d(3, 2), "100.00")
		for _, c := range []struct {
			name  string
			scope reconcile.Scope
			rules reconcile.Rules
			want  []error
		}{
			{"nothing named", reconcile.Scope{}, reconcile.Rules{}, []error{reconcile.ErrScope}},
			{"unknown account", reconcile.Scope{Accounts: []string{"999999"}}, reconcile.Rules{}, []error{reconcile.ErrScope, ledger.ErrUnknownAccount}},
			{"not reconcilable", reconcile.Scope{Accounts: []string{"706000"}}, reconcile.Rules{}, []error{reconcile.ErrScope}},
			{"empty partner", reconcile.Scope{Partners: []string{""}}, reconcile.Rules{}, []error{reconcile.ErrScope}},
			{"unknown partner", reconcile.Scope{Partners: []string{"ZZ"}}, reconcile.Rules{}, []error{reconcile.ErrScope, ledger.ErrUnknownPartner}},
			{"dates reversed", reconcile.Scope{All: true, From: d(3, 2), To: d(3, 1)}, reconcile.Rules{}, []error{reconcile.ErrScope}},
			{"combination 13", reconcile.Scope{All: true}, reconcile.Rules{CombinationSize: 13}, []error{reconcile.ErrRules}},
			{"negative window", reconcile.Scope{All: true}, reconcile.Rules{DateWindow: -1}, []error{reconcile.ErrRules}},
			{"tolerance above", reconcile.Scope{All: true}, reconcile.Rules{Tolerance: []currency.Amount{e("0.06")}}, []error{reconcile.ErrRules}},
		} {
			t.Run(c.name, func(t *testing.T) {
				for _, w := range c.want {
					hrev158Refused(t, f, w, "", func() error { _, err := f.rec.Propose(ctx, c.scope, c.rules); return err })
					hrev158Refused(t, f, w, "", func() error {
						_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: c.scope, Rules: c.rules})
						return err
					})
				}
			})
		}
	})
}

// Pins: DepositCheques' documented refusals.
func TestHrev158DepositDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		chq, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("20.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "1234567"}})
		require.NoError(t, err)
		trf, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("20.00"), Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		c := chq.Entries[0].ID
		dep := func(x reconcile.Deposit) func() error {
			return func() error { _, err := f.rec.DepositCheques(ctx, x); return err }
		}
		hrev158Refused(t, f, journal.ErrNoDate, "Deposit.Date", dep(reconcile.Deposit{Journal: "BQ", Payments: []journal.ID{c}}))
		hrev158Refused(t, f, reconcile.ErrJournal, "BQD", dep(reconcile.Deposit{Journal: "BQD", Date: d(3, 10), Payments: []journal.ID{c}}))
		hrev158Refused(t, f, reconcile.ErrNotDocument, "receipts", dep(reconcile.Deposit{Journal: "BQ", Date: d(3, 10)}))
		hrev158Refused(t, f, reconcile.ErrNotDocument, "transfer", dep(reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{trf.Entries[0].ID}}))
		hrev158Refused(t, f, reconcile.ErrNotDocument, "VT/2026/00001", dep(reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{inv.ID}}))
		hrev158Refused(t, f, journal.ErrDate, "03/03/2026", dep(reconcile.Deposit{Journal: "BQ", Date: d(3, 1), Payments: []journal.ID{c}}))
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{c}})
		require.NoError(t, err)
		hrev158Refused(t, f, reconcile.ErrCleared, "already in deposit", dep(reconcile.Deposit{Journal: "BQ", Date: d(3, 11), Payments: []journal.ID{c}}))
	})
}

// Pins: Revalue's rate-code refusals and ErrNotRevaluable.
func TestHrev158RevalueDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		f.foreignSale(t, "C1", d(3, 1), usd, "1000.00")
		rva := func(rv reconcile.Revaluation) func() error {
			return func() error { _, err := f.rec.Revalue(ctx, rv); return err }
		}
		r := currency.MustParseRate("1.10")
		hrev158Refused(t, f, journal.ErrNoDate, "Revaluation.Date", rva(reconcile.Revaluation{}))
		hrev158Refused(t, f, reconcile.ErrAmount, "company currency", rva(reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"EUR": r}}))
		hrev158Refused(t, f, reconcile.ErrAmount, "spelt USD", rva(reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"usd": r}}))
		hrev158Refused(t, f, reconcile.ErrAmount, "XYZ", rva(reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"XYZ": r}}))
		hrev158Refused(t, f, reconcile.ErrNotRevaluable, "512000", rva(reconcile.Revaluation{Date: d(12, 31), Accounts: []string{"512000"}}))
		hrev158Refused(t, f, ledger.ErrNoFiscalYear, "2028-01-01", rva(reconcile.Revaluation{Date: journal.MustDate(2027, 12, 31), Rates: map[string]currency.Rate{"USD": r}}))
	})
}

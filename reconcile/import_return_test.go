package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// retStatement is statement id of BQO's account holding entries, opening
// at opening.
func retStatement(t *testing.T, id, opening string, entries ...reconcile.BankEntry) reconcile.BankStatement {
	t.Helper()
	closing := e(opening)
	for _, x := range entries {
		closing = mustAddT(t, closing, x.Amount)
	}
	return reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: id, Currency: eur, Opening: e(opening), Closing: closing,
		OpeningDate: entries[0].BookingDate, ClosingDate: entries[len(entries)-1].BookingDate, Entries: entries}
}

// retDeposit is the bank's entry of cheque 4455667 of 360,00 naming doc,
// booked on 17/03; retUnpaid is its return unpaid on 24/03.
func retDeposit(doc, amount string) reconcile.BankEntry {
	return reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 17), Amount: e(amount), Label: "REMISE CHEQUE 4455667",
		BankCode: "PMNT/RCHQ/BCHQ", Transactions: []reconcile.BankTransaction{{Amount: e(amount), Remittance: "CHQ 4455667 " + doc}}}
}

func retUnpaid(amount string) reconcile.BankEntry {
	return reconcile.BankEntry{Ref: "L6", BookingDate: d(3, 24), Amount: e(amount).Neg(), Reversal: true, Label: "CHQ IMPAYE 4455667 SANS PROVISION",
		BankCode: "PMNT/RCHQ/UPCQ"}
}

// retImport imports s into BQO and proposes its entries.
func retImport(t *testing.T, f *fixture, s reconcile.BankStatement) []reconcile.ImportedProposal {
	t.Helper()
	_, err := f.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	return props
}

// retApply applies props and requires each matched one to succeed.
func retApply(t *testing.T, f *fixture, op journal.ID, props []reconcile.ImportedProposal) {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, op, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err, rvDescribe(props[i]))
		}
	}
}

// retLettered asserts that the lines on account of the statement lines
// posted for the entries refs are lettered together and settled.
func retLettered(t *testing.T, f *fixture, account string, ids ...journal.ID) {
	t.Helper()
	var code string
	for _, id := range ids {
		x, err := f.book.Entry(ctx, id)
		require.NoError(t, err)
		for i, l := range x.Lines {
			if l.Account != account {
				continue
			}
			assert.True(t, f.residual(t, x.LineRef(i)).IsZero(), "%s settled", x.Name())
			c := f.code(t, x.LineRef(i))
			require.NotEmpty(t, c, "%s lettered", x.Name())
			if code == "" {
				code = c
			}
			assert.Equal(t, code, c, "%s in the same lettering", x.Name())
		}
	}
}

// statementLineOf returns the entry posted for imported entry ref of BQO.
func statementLineOf(t *testing.T, f *fixture, ref string) journal.Entry {
	t.Helper()
	var out journal.Entry
	for x, err := range f.book.Entries(ctx, ledger.EntryFilter{Journal: "BQO"}) {
		require.NoError(t, err)
		if x.Entry.Type == journal.TypeStatementLine && x.Entry.Ref == ref {
			out = x.Entry
		}
	}
	require.NotEqual(t, journal.NoID, out.ID, "statement line %s posted", ref)
	return out
}

// TestImportedReturnReopensTheInvoice: a cheque the bank credits, then
// returns unpaid, leaves the invoice it paid owed again — not paid, its
// whole amount due — and the cheque lettered with its return on the
// customer's account, whether the return comes in the same statement as
// the deposit or in a later one. Applying again changes nothing.
func TestImportedReturnReopensTheInvoice(t *testing.T) {
	t.Parallel()
	for _, later := range []bool{false, true} {
		name := "same statement"
		if later {
			name = "later statement"
		}
		t.Run(name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rrJournal(t, f)
				inv := f.invoice(t, "C1", d(3, 4), "360.00")
				var props []reconcile.ImportedProposal
				if later {
					retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "360.00"))))
					assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
					props = retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00")))
					require.Len(t, props, 1)
				} else {
					props = retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "360.00"), retUnpaid("360.00")))
					require.Len(t, props, 2)
					require.True(t, props[0].Matched, rvDescribe(props[0]))
					assert.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices)
				}
				ret := props[len(props)-1]
				require.True(t, ret.Matched, rvDescribe(ret))
				assert.Equal(t, reconcile.ImportedTarget{Partner: "C1", Returns: &reconcile.ImportedRef{Statement: "S1", Ref: "L3"}}, ret.Target)
				assert.Equal(t, reconcile.ExactReference, ret.Confidence)
				assert.Contains(t, ret.Reason, "returns entry L3 of statement S1")
				assert.Regexp(t, `\(\d\d/\d\d/\d{4}, 360,00.{1,3}€\)`, ret.Reason, "dates and amounts as the other reasons print them")
				op := journal.NewID()
				retApply(t, f, op, props)
				st := f.state(t, inv)
				assert.Equal(t, reconcile.NotPaid, st.State)
				assert.Equal(t, "360.00", st.Residual.Plain())
				retLettered(t, f, "411000", statementLineOf(t, f, "L3").ID, statementLineOf(t, f, "L6").ID)
				assert.Equal(t, "360.00", f.balance(t, "411000"))
				assert.Equal(t, "0.00", f.balance(t, "512000"))
				f.check(t)

				before := f.snapshot(t)
				outs, err := f.rec.ApplyImported(ctx, op, props)
				require.NoError(t, err, "a replay")
				for _, o := range outs {
					assert.NoError(t, o.Err)
				}
				f.unchanged(t, before)
				left, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
				require.NoError(t, err)
				assert.Empty(t, left, "every entry posted")
			})
		})
	}
}

// TestImportedReturnTakesBackCashBasisVAT: the VAT on payment that the
// cheque made due (445740 → 445710) is pending again once it bounces.
func TestImportedReturnTakesBackCashBasisVAT(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 4), "1000.00")
		retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "1200.00"))))
		assert.Equal(t, "-200.00", f.balance(t, "445710"), "due on the payment")
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		props := retImport(t, f, retStatement(t, "S2", "1200.00", retUnpaid("1200.00")))
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, "0.00", f.balance(t, "445710"), "no longer due")
		assert.Equal(t, "-200.00", f.balance(t, "445740"), "pending again")
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}

// TestImportedReturnOfAReceiptCleared: a cheque registered as a receipt,
// waiting on the outstanding account until the bank's deposit line
// cleared it, then returned: the receipt stays cleared (the bank did
// credit it) and is lettered with the return on 411000; the invoice is
// owed again.
func TestImportedReturnOfAReceiptCleared(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		inv := f.invoice(t, "C1", d(3, 4), "360.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodCheque, Ref: "4455667", Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		receipt := res.Entries[0]
		props := retImport(t, f, retStatement(t, "S1", "0.00", retDeposit("", "360.00"), retUnpaid("360.00")))
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.Equal(t, []journal.ID{receipt.ID}, props[0].Target.Payments, rvDescribe(props[0]))
		require.True(t, props[1].Matched, rvDescribe(props[1]))
		assert.Equal(t, "C1", props[1].Target.Partner)
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		retLettered(t, f, "411000", receipt.ID, statementLineOf(t, f, "L6").ID)
		retLettered(t, f, "512100", receipt.ID, statementLineOf(t, f, "L3").ID)
		assert.Equal(t, "360.00", f.balance(t, "411000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// TestImportedReturnOfASupplierTransfer: a transfer to a supplier the
// bank sends back (a closed account), coded as a return and carrying the
// end-to-end id of the transfer, leaves the bill owed again.
func TestImportedReturnOfASupplierTransfer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "F1", "Moulins de France", "BE68539007547034", ledger.Address{})
		bill := rrBill(t, f, "F1", d(3, 1), d(3, 31), "480.00", "FF-77")
		tx := reconcile.BankTransaction{Amount: e("-480.00"), EndToEndID: "E2E-0042", CounterpartyIBAN: ident.IBAN("BE68539007547034"),
			Counterparty: "Moulins de France", Remittance: bill.Name()}
		out := reconcile.BankEntry{Ref: "T1", BookingDate: d(3, 19), Amount: e("-480.00"), Label: "VIR SEPA EMIS", Transactions: []reconcile.BankTransaction{tx}}
		back := tx
		back.Amount = e("480.00")
		ret := reconcile.BankEntry{Ref: "T2", BookingDate: d(3, 23), Amount: e("480.00"), Label: "RETOUR VIR COMPTE CLOS",
			BankCode: "PMNT/ICDT/RRTN", Transactions: []reconcile.BankTransaction{back}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", out, ret))
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.True(t, props[1].Matched, rvDescribe(props[1]))
		assert.Equal(t, reconcile.ImportedTarget{Partner: "F1", Returns: &reconcile.ImportedRef{Statement: "S1", Ref: "T1"}}, props[1].Target)
		retApply(t, f, journal.NoID, props)
		st := f.state(t, bill)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "480.00", st.Residual.Plain())
		retLettered(t, f, "401000", statementLineOf(t, f, "T1").ID, statementLineOf(t, f, "T2").ID)
		f.check(t)
	})
}

// TestImportedReturnNotProposed: what is not surely the return of one
// entry is left to the other rules — an entry the bank does not book as
// a return, one that names nothing the earlier entry names, of another
// amount, booked before it, or that two earlier entries could be.
func TestImportedReturnNotProposed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		change func(dep, ret *reconcile.BankEntry)
		twice  bool   // a second deposit like the first
		reason string // in the return's reason
	}{
		{"not booked as a return", func(_, ret *reconcile.BankEntry) { ret.Reversal, ret.BankCode = false, "PMNT/RCHQ/BCHQ" }, false, ""},
		{"naming nothing of the deposit", func(_, ret *reconcile.BankEntry) { ret.Label = "CHQ IMPAYE" }, false, ""},
		{"another amount", func(_, ret *reconcile.BankEntry) { ret.Amount = e("-300.00") }, false, ""},
		{"booked before the deposit", func(_, ret *reconcile.BankEntry) { ret.BookingDate = d(3, 16) }, false, ""},
		{"two deposits it could return", func(*reconcile.BankEntry, *reconcile.BankEntry) {}, true, "ambiguous"},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				rrJournal(t, f)
				inv := f.invoice(t, "C1", d(3, 4), "360.00")
				dep, ret := retDeposit(inv.Name(), "360.00"), retUnpaid("360.00")
				c.change(&dep, &ret)
				entries := []reconcile.BankEntry{dep}
				if c.twice {
					inv2 := f.invoice(t, "C1", d(3, 5), "360.00")
					dep2 := retDeposit(inv2.Name(), "360.00")
					dep2.Ref = "L4"
					entries = append(entries, dep2)
				}
				if ret.BookingDate.Before(dep.BookingDate) {
					entries = append([]reconcile.BankEntry{ret}, entries...)
				} else {
					entries = append(entries, ret)
				}
				props := retImport(t, f, retStatement(t, "S1", "0.00", entries...))
				for _, p := range props {
					if p.Ref == "L6" {
						assert.Nil(t, p.Target.Returns, rvDescribe(p))
						assert.Contains(t, p.Reason, c.reason)
					}
				}
			})
		})
	}
}

// TestImportedReturnBadInput: a return posted by hand that cannot be one
// is refused with nothing written: the entry it names not posted, a
// target that also pays documents, another partner's money, another
// amount, an entry returned already.
func TestImportedReturnBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		inv := f.invoice(t, "C1", d(3, 4), "360.00")
		dep := retDeposit(inv.Name(), "360.00")
		short := retUnpaid("300.00")
		short.Ref = "L7"
		early := retUnpaid("360.00")
		early.Ref, early.BookingDate = "L2", d(3, 16)
		_, err := f.rec.ImportStatement(ctx, retStatement(t, "S1", "0.00", early, dep, retUnpaid("360.00"), short))
		require.NoError(t, err)
		l3 := &reconcile.ImportedRef{Statement: "S1", Ref: "L3"}
		post := func(ref string, to reconcile.ImportedTarget) error {
			_, err := f.rec.PostImported(ctx, journal.NoID, "BQO", "S1", ref, to)
			return err
		}
		before := f.snapshot(t)
		assert.ErrorIs(t, post("L6", reconcile.ImportedTarget{Partner: "C1", Returns: l3}), reconcile.ErrNotFound, "L3 not posted yet")
		f.unchanged(t, before)

		require.NoError(t, post("L3", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{inv.ID}}))
		before = f.snapshot(t)
		for _, c := range []struct {
			name string
			ref  string
			to   reconcile.ImportedTarget
			want error
		}{
			{"pays documents too", "L6", reconcile.ImportedTarget{Partner: "C1", Returns: l3, Invoices: []journal.ID{inv.ID}}, reconcile.ErrNotDocument},
			{"no partner", "L6", reconcile.ImportedTarget{Returns: l3}, reconcile.ErrPartner},
			{"another partner's money", "L6", reconcile.ImportedTarget{Partner: "C2", Returns: l3}, reconcile.ErrPartner},
			{"another amount", "L7", reconcile.ImportedTarget{Partner: "C1", Returns: l3}, reconcile.ErrAmount},
			{"booked before the entry it returns", "L2", reconcile.ImportedTarget{Partner: "C1", Returns: l3}, journal.ErrDate},
			{"an entry not imported", "L6", reconcile.ImportedTarget{Partner: "C1", Returns: &reconcile.ImportedRef{Statement: "S1", Ref: "L9"}}, reconcile.ErrNotFound},
		} {
			assert.ErrorIs(t, post(c.ref, c.to), c.want, c.name)
			f.unchanged(t, before)
		}
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)

		require.NoError(t, post("L6", reconcile.ImportedTarget{Partner: "C1", Returns: l3}))
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		before = f.snapshot(t)
		assert.ErrorIs(t, post("L7", reconcile.ImportedTarget{Partner: "C1", Returns: l3}), reconcile.ErrPosted, "returned already")
		f.unchanged(t, before)
		f.check(t)
	})
}

// retDepositOfTwo books, on BQO, C1's invoice of 360,00 and C2's of
// 200,00, each paid on 10/03 by a cheque (1111111, 2222222) registered
// with it, and the two cheques deposited together on 11/03.
func retDepositOfTwo(t *testing.T, f *fixture) (i1, i2 journal.Entry, pays []journal.ID) {
	t.Helper()
	rrJournal(t, f)
	i1 = f.invoice(t, "C1", d(3, 1), "360.00")
	i2 = f.invoice(t, "C2", d(3, 1), "200.00")
	for _, x := range []struct {
		p, number string
		inv       journal.Entry
	}{{"C1", "1111111", i1}, {"C2", "2222222", i2}} {
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodCheque, Ref: x.number, Invoices: []journal.ID{x.inv.ID}})
		require.NoError(t, err)
		pays = append(pays, res.Entries[0].ID)
	}
	_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQO", Date: d(3, 11), Payments: pays})
	require.NoError(t, err)
	return i1, i2, pays
}

// TestImportedReturnOfOneChequeOfADeposit: a deposit of two customers'
// cheques, cleared by one bank entry, then one cheque returned in the
// same statement: the return takes back that cheque's payment alone (its
// number names it), so its customer's invoice is owed again and the
// other's stays paid.
func TestImportedReturnOfOneChequeOfADeposit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1, i2, pays := retDepositOfTwo(t, f)
		dep := reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 12), Amount: e("560.00"), Label: "REMISE 2 CHEQUES"}
		ret := reconcile.BankEntry{Ref: "L6", BookingDate: d(3, 20), Amount: e("-200.00"), Label: "CHQ IMPAYE 2222222",
			Reversal: true, BankCode: "PMNT/RCHQ/UPCQ"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", dep, ret))
		require.True(t, props[1].Matched, rvDescribe(props[1]))
		assert.Contains(t, props[1].Reason, "returns payment")
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.Paid, f.state(t, i1).State)
		st := f.state(t, i2)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "200.00", st.Residual.Plain())
		retLettered(t, f, "411000", pays[1], statementLineOf(t, f, "L6").ID)
		assert.Equal(t, "200.00", f.balance(t, "411000"))
		f.check(t)

		// The whole deposit cannot be returned after one of its cheques.
		whole := retUnpaid("560.00")
		whole.Ref, whole.Label = "L9", "REJET REMISE"
		_, err := f.rec.ImportStatement(ctx, retStatement(t, "S2", "360.00", whole))
		require.NoError(t, err)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BQO", "S2", "L9", reconcile.ImportedTarget{Partner: "C1", Returns: &reconcile.ImportedRef{Statement: "S1", Ref: "L3"}})
		assert.ErrorIs(t, err, reconcile.ErrPosted)
	})
}

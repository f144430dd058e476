package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Odoo's bank statement matching tests
// (addons/account/tests/test_reconciliation_matching_rules.py, in its
// account and account_accountant versions) ported to ProposeImported /
// ApplyImported. Odoo's partner_1 is customer K1 (known by its IBAN),
// partner_3 is K2, partner_2 is supplier F2 (known by its IBAN); an Odoo
// statement line with partner_id set is an entry from that partner's
// IBAN, one without partner an entry from an account nobody holds.
// Odoo's payment_ref (label) is the remittance, its ref the structured
// creditor reference, its narration (note) the entry's label; an
// invoice's payment_reference is its Ref. Odoo checks each statement line
// on its own, so each case imports its own statement on a fresh book.
//
// Not ported, no equivalent in lettrage: the model filters
// (match_journal_ids, match_amount, match_label, match_partner_category_ids),
// write-off suggestion models and their taxes and fiscal positions
// (test_mixin_rules, test_auto_reconcile, test_auto_reconcile_with_tax*,
// test_percentage_st_line_auto_reconcile,
// test_matching_with_write_off_foreign_currency), the regex partner
// mapping (test_partner_mapping_rule). Already ported by
// review_odoo_match_hrev29_test.go: test_zero_payment_tolerance_auto_reconcile,
// test_larger_invoice_auto_reconcile, test_no_amount_check_exact_match,
// test_payment_similar_communications. The stored
// addons/account/tests/test_account_bank_statement.py holds no matching
// test (statement line edition, balances, ordering, splitting only).

const h73F2IBAN = "GB82WEST12345698765432"

// h73Entry is one statement entry: counterparty IBAN and name, remittance
// (Odoo's payment_ref), creditor reference (Odoo's ref), entry label
// (Odoo's narration).
type h73Entry struct {
	amount, iban, name, remittance, creditorRef, label string
}

// h73Book is rvBank (journal BNP, customers K1 and K2 by their IBANs) with
// supplier F2 known by its IBAN.
type h73Book struct{ *rvBank }

func newH73(t *testing.T, f *fixture) h73Book {
	t.Helper()
	b := newRvBank(t, f)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F2", Name: "Fournisseur F2",
		BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(h73F2IBAN)}}}))
	return h73Book{b}
}

// imports imports a statement of entries on one day and proposes with
// rec (the fixture's when nil).
func (b h73Book) imports(t *testing.T, rec *reconcile.Reconciler, on journal.Date, rules reconcile.Rules, entries ...h73Entry) []reconcile.ImportedProposal {
	t.Helper()
	b.n++
	s := reconcile.BankStatement{Account: rvIBAN, ID: fmt.Sprintf("H73-%d", b.n), Currency: eur, Opening: b.bal, OpeningDate: on, ClosingDate: on}
	closing := b.bal
	for i, x := range entries {
		closing, _ = closing.Add(e(x.amount))
		s.Entries = append(s.Entries, reconcile.BankEntry{Ref: fmt.Sprintf("H73-%d-%d", b.n, i+1), BookingDate: on, Amount: e(x.amount), Label: x.label,
			Transactions: []reconcile.BankTransaction{{Counterparty: x.name, CounterpartyIBAN: ident.IBAN(x.iban), Remittance: x.remittance,
				CreditorRef: x.creditorRef}}})
	}
	s.Closing = closing
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = closing
	if rec == nil {
		rec = b.rec
	}
	props, err := rec.ProposeImported(ctx, "BNP", rules)
	require.NoError(t, err)
	require.Len(t, props, len(entries))
	return props
}

// h73Invoice posts a customer invoice of ttc with a reference (Odoo's
// payment_reference).
func h73Invoice(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(ttc), DueDate: date.AddDays(30)},
		{Account: "706000", Balance: e(ttc).Neg()},
	}})
}

// h73Bill posts a supplier bill of ttc.
func h73Bill(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc).Neg(), DueDate: date.AddDays(30)},
		{Account: "607000", Balance: e(ttc)},
	}})
}

// h73SupplierRefund posts a supplier's credit note (Odoo in_refund): a
// debit on 401000.
func h73SupplierRefund(t *testing.T, f *fixture, p string, date journal.Date, ttc string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc)},
		{Account: "607000", Balance: e(ttc).Neg()},
	}})
}

// h73Apply applies proposals and requires every outcome to succeed.
func h73Apply(t *testing.T, rec *reconcile.Reconciler, props []reconcile.ImportedProposal) {
	t.Helper()
	outs, err := rec.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		require.NoError(t, o.Err, rvDescribe(props[i]))
	}
}

// h73OdooNumber writes an invoice number as Odoo's test_matching_fields
// does: "invoice 2026-00001" for VT/2026/00001.
func h73OdooNumber(x journal.Entry) string {
	parts := strings.Split(x.Name(), "/")
	return "invoice " + strings.Join(parts[1:], "-")
}

// Passes: Odoo test_matching_fields, bank_line_1 (payment_ref
// "invoice 2019-00001", partner_1, 100): the invoice named by its number's
// digits, by the reference rule.
func TestHrev73MatchingFieldsNamedByDigits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv1 := f.invoice(t, "K1", d(3, 1), "100.00")
		f.invoice(t, "K1", d(3, 1), "200.00")
		// Odoo names the refund RBILL/2019/09/0013, apart from the
		// invoices' numbers: here a bill of F2 takes AC/2026/00001 so that
		// the refund's digits are not VT/2026/00001's (see
		// TestHrev73DigitsSharedWithRefund).
		h73Bill(t, f, "F2", d(3, 1), "50.00", "")
		h73SupplierRefund(t, f, "K1", d(3, 1), "300.00")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "100.00", iban: rvK1IBAN, remittance: h73OdooNumber(inv1)})
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		require.Equal(t, "K1", p.Target.Partner, rvDescribe(p))
		require.Equal(t, []journal.ID{inv1.ID}, p.Target.Invoices, rvDescribe(p))
		require.Equal(t, reconcile.ExactReference, p.Confidence, rvDescribe(p))
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(inv1)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_matching_fields, bank_line_1, with the supplier
// refund of partner_1 numbered as the book numbers it (AC/2026/00001, the
// digits of the invoice VT/2026/00001): "invoice 2026-00001" from K1 names
// two of K1's documents the money could settle by their digits, so it
// names neither (importrules byNamedDocuments: n != 1) and the exact
// amount rule decides: the invoice of 100, ExactAmount, not
// ExactReference as in Odoo (whose refund bears another name).
func TestHrev73DigitsSharedWithRefund(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv1 := f.invoice(t, "K1", d(3, 1), "100.00")
		f.invoice(t, "K1", d(3, 1), "200.00")
		refund := h73SupplierRefund(t, f, "K1", d(3, 1), "300.00")
		require.Equal(t, strings.Replace(inv1.Name(), "VT/", "AC/", 1), refund.Name())
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "100.00", iban: rvK1IBAN, remittance: h73OdooNumber(inv1)})
		require.Equal(t, []journal.ID{inv1.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactAmount, props[0].Confidence, rvDescribe(props[0]))
	})
}

// Passes: Odoo test_matching_fields, bank_line_2 (payment_ref "xxxxx",
// partner_1, 600): Odoo proposes invoice_line_1 + invoice_line_2 (100 and
// 200 owed by partner_1 as a customer, 411) + invoice_line_3 (300, its
// in_refund as a supplier, 401). DESIGN §11 letters receivable/payable per
// partner and ProposeImported takes the documents of one account only: no
// combination across 411000 and 401000. The entry is left as K1's
// payment on account (the last step of the counterparty rule).
func TestHrev73MatchingFieldsNoCombinationAcrossAccounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		f.invoice(t, "K1", d(3, 1), "100.00")
		f.invoice(t, "K1", d(3, 1), "200.00")
		refund := h73SupplierRefund(t, f, "K1", d(3, 1), "300.00")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "600.00", iban: rvK1IBAN, remittance: "xxxxx"})
		p := props[0]
		require.NotContains(t, p.Target.Invoices, refund.ID, rvDescribe(p))
		require.Empty(t, p.Target.Invoices, rvDescribe(p))
		if p.Matched {
			require.Equal(t, "K1", p.Target.Partner, rvDescribe(p))
		}
	})
}

// Passes: Odoo test_matching_fields, cash_line_1 (payment_ref "yyyyy",
// partner_2, -1000): the supplier's one bill of the amount, by the exact
// amount rule; applied, the bill is paid.
func TestHrev73MatchingFieldsSupplierExactAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		bill := h73Bill(t, f, "F2", d(3, 1), "1000.00", "")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "-1000.00", iban: h73F2IBAN, remittance: "yyyyy"})
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		require.Equal(t, "F2", p.Target.Partner, rvDescribe(p))
		require.Equal(t, []journal.ID{bill.ID}, p.Target.Invoices, rvDescribe(p))
		require.Equal(t, reconcile.ExactAmount, p.Confidence, rvDescribe(p))
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(bill)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_matching_fields_match_nature (amount_received /
// amount_paid): money received from the supplier does not pay its bill,
// money paid to a customer does not pay its invoice. lettrage has no
// switch: the side is always checked.
func TestHrev73MatchNature(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		bill := h73Bill(t, f, "F2", d(3, 1), "1000.00", "")
		inv := f.invoice(t, "K1", d(3, 1), "100.00")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{},
			h73Entry{amount: "1000.00", iban: h73F2IBAN, remittance: "yyyyy"},
			h73Entry{amount: "-100.00", iban: rvK1IBAN, remittance: h73OdooNumber(inv)})
		require.NotContains(t, props[0].Target.Invoices, bill.ID, rvDescribe(props[0]))
		require.NotContains(t, props[1].Target.Invoices, inv.ID, rvDescribe(props[1]))
	})
}

// Passes: Odoo's past_months_limit (account.reconcile.model, 18 months by
// default; test_matching_fields dates the invoices 2019-09-01 and the
// lines 2020-01-01, 122 days later, inside it). DESIGN §11 rule 2 bounds
// the exact amount rule by a date window of 120 days: a bill 122 days
// older than the entry is not proposed by amount alone (DESIGN's outcome
// asserted), it is with a wider window, and the reference rule, which has
// no window, still finds it when named.
func TestHrev73PastDateWindow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		bill := h73Bill(t, f, "F2", journal.MustDate(2026, 9, 1), "1000.00", "F2-2026-0042")
		on := journal.MustDate(2027, 1, 1) // 122 days later
		props := b.imports(t, nil, on, reconcile.Rules{}, h73Entry{amount: "-1000.00", iban: h73F2IBAN, remittance: "yyyyy"})
		require.NotContains(t, props[0].Target.Invoices, bill.ID, "outside the 120-day window: %s", rvDescribe(props[0]))
		props = b.propose(t, reconcile.Rules{DateWindow: 150})
		require.Equal(t, []journal.ID{bill.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactAmount, props[0].Confidence)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		bill := h73Bill(t, f, "F2", journal.MustDate(2026, 9, 1), "1000.00", "F2-2026-0042")
		props := b.imports(t, nil, journal.MustDate(2027, 1, 1), reconcile.Rules{}, h73Entry{amount: "-1000.00", iban: h73F2IBAN, remittance: "Facture F2-2026-0042"})
		require.Equal(t, []journal.ID{bill.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactReference, props[0].Confidence)
	})
}

// Passes: Odoo test_matching_fields_match_text_location, with references lettrage
// can name (one word each): the remittance (Odoo's label), the creditor
// reference (Odoo's reference) and the entry's label (Odoo's note) are
// all read, each naming its invoice of the same amount.
func TestHrev73MatchTextLocationEach(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		entry h73Entry
		want  int
	}{
		{"label", h73Entry{remittance: "BG-11111"}, 0},
		{"reference", h73Entry{creditorRef: "TT-22222"}, 1},
		{"note", h73Entry{label: "TS-44444"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				invs := []journal.Entry{
					h73Invoice(t, f, "K1", d(3, 1), "1000.00", "BG-11111"),
					h73Invoice(t, f, "K1", d(3, 1), "1000.00", "TT-22222"),
					h73Invoice(t, f, "K1", d(3, 1), "1000.00", "TS-44444"),
				}
				x := c.entry
				x.amount, x.iban = "1000.00", rvK1IBAN
				props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, x)
				require.True(t, props[0].Matched, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{invs[c.want].ID}, props[0].Target.Invoices, rvDescribe(props[0]))
				require.Equal(t, reconcile.ExactReference, props[0].Confidence)
			})
		})
	}
}

// Skipped (see the test): Expected: the entry (remittance "1111", creditor reference
// "2222 3333", label "4444 5555 6666", 1 000 from K1's IBAN) proposed with
// the invoice whose reference holds its words, as Odoo does.
// Observed: no invoice; Target{Partner: K1, Account: 411000}, reason
// "3 open documents of 1 000,00 €: posted to its account, to letter" (a
// reference is compared whole, normalised, and a word of four digits is
// under DigitsMin: the three invoices of the amount are ambiguous). lettrage does
// not search a word of the payment inside a document's multi-word
// reference; DESIGN §11 rule 1 speaks of the reference naming an invoice
// number or payment, so this is a narrower reading than Odoo's.
//
// Odoo test_matching_fields_match_text_location, as written: the
// invoices' payment references are phrases ("bernard 1111 gagnant",
// "2222 turlututu 3333", "4444 tsoin 5555 tsoin 6666"), the line's label
// "1111", reference "2222 3333", note "4444 5555 6666", all three invoices
// of 1000 from partner_a; with the three locations read Odoo proposes the
// third.
func TestHrev73MatchTextLocationPhrases(t *testing.T) {
	t.Parallel()
	t.Skip("Skipped: a gap compared with Odoo, left open: a reference is compared whole, and words of fewer than " +
		"5 digits do not name a document by their digits")
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		h73Invoice(t, f, "K1", d(3, 1), "1000.00", "bernard 1111 gagnant")
		h73Invoice(t, f, "K1", d(3, 1), "1000.00", "2222 turlututu 3333")
		inv3 := h73Invoice(t, f, "K1", d(3, 1), "1000.00", "4444 tsoin 5555 tsoin 6666")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{},
			h73Entry{amount: "1000.00", iban: rvK1IBAN, remittance: "1111", creditorRef: "2222 3333", label: "4444 5555 6666"})
		require.Equal(t, []journal.ID{inv3.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
	})
}

// Passes: Odoo test_matching_fields_match_text_location_no_partner
// (first half) and test_invoice_matching_rule_no_partner: an entry from
// an account nobody holds whose remittance, creditor reference or label
// is the invoice's payment reference pays that invoice; with nothing
// naming it ("nothing"), nothing is proposed.
func TestHrev73TextLocationNoPartner(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"remittance", "creditorRef", "label"} {
		t.Run(loc, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				inv := h73Invoice(t, f, "K1", d(3, 1), "100.00", "Tournicoti66")
				h73Invoice(t, f, "K1", d(3, 1), "100.00", "")
				x := h73Entry{amount: "100.00"}
				switch loc {
				case "remittance":
					x.remittance = "Tournicoti66"
				case "creditorRef":
					x.creditorRef = "Tournicoti66"
				case "label":
					x.label = "Tournicoti66"
				}
				props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "50.00", remittance: "nothing"}, x)
				require.False(t, props[0].Matched, rvDescribe(props[0]))
				require.True(t, props[1].Matched, rvDescribe(props[1]))
				require.Equal(t, "K1", props[1].Target.Partner, rvDescribe(props[1]))
				require.Equal(t, []journal.ID{inv.ID}, props[1].Target.Invoices, rvDescribe(props[1]))
			})
		})
	}
}

// Passes: Odoo test_matching_fields_match_text_location_no_partner (second
// half, the partner's name "Bernard Gagnant" in the line) and
// test_partner_name_with_regexp_chars, where lettrage reads a name: the
// counterparty's name ("GAGNANT BERNARD", "HADDOCK+Archibald" for
// "Archibald + Haddock") names the partner, whose one invoice of the
// amount is paid.
func TestHrev73PartnerNameAsCounterparty(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ partner, name string }{
		{"Bernard Gagnant", "GAGNANT BERNARD"},
		{"Archibald + Haddock", "HADDOCK+Archibald"},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P1", Name: c.partner}))
				inv := f.invoice(t, "P1", d(3, 1), "100.00")
				f.invoice(t, "K1", d(3, 1), "100.00")
				props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "100.00", name: c.name, remittance: "nothing"})
				require.True(t, props[0].Matched, rvDescribe(props[0]))
				require.Equal(t, "P1", props[0].Target.Partner, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
			})
		})
	}
}

// Was skipped, fixed: Expected: the entry (no IBAN, no counterparty name, remittance
// "1234//HADDOCK-Archibald", 100) pays Archibald Haddock's invoice of 100.
// Observed: Matched false, reason "nothing names it: post it to the
// suspense account (471000) or letter it by hand". lettrage reads a
// partner's name only in the counterparty's name field, never in the
// remittance text (Rules.NoCounterpartyNames); DESIGN §12 names only the
// IBAN, so this is a gap against Odoo rather than a DESIGN decision.
//
// Odoo test_partner_name_in_communication: no partner on the line, its
// communication "1234//HADDOCK-Archibald", the partner "Archibald
// Haddock" with one open invoice of 100: Odoo finds the partner by its
// name in the communication and matches the invoice.
func TestHrev73PartnerNameInCommunication(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "Archibald Haddock"}))
		inv := f.invoice(t, "P1", d(3, 1), "100.00")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "100.00", remittance: "1234//HADDOCK-Archibald"})
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
	})
}

// h73BothSides runs fn on a fresh book with a customer invoice (K1) or a
// supplier bill (F2) of 1000 and an entry of sign*amount from that
// partner's IBAN: Odoo's loop over ('out_invoice', 1), ('in_invoice', -1).
func h73BothSides(t *testing.T, fn func(t *testing.T, f *fixture, b h73Book, doc journal.Entry, partner, iban string, sign string)) {
	for _, side := range []string{"out_invoice", "in_invoice"} {
		t.Run(side, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				if side == "out_invoice" {
					fn(t, f, b, h73Invoice(t, f, "K1", d(1, 1), "1000.00", "123456"), "K1", rvK1IBAN, "")
				} else {
					fn(t, f, b, h73Bill(t, f, "F2", d(1, 1), "1000.00", "123456"), "F2", h73F2IBAN, "-")
				}
			})
		})
	}
}

// Passes: Odoo test_zero_payment_tolerance, exact matching: 1 000 from the
// partner's account, its one document of 1 000.
func TestHrev73ZeroToleranceExact(t *testing.T) {
	t.Parallel()
	h73BothSides(t, func(t *testing.T, f *fixture, b h73Book, doc journal.Entry, partner, iban, sign string) {
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: sign + "1000.00", iban: iban, remittance: "turlututu"})
		require.Equal(t, []journal.ID{doc.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.ExactAmount, props[0].Confidence)
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(doc)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_zero_payment_tolerance and test_not_enough_payment_tolerance
// (990 on 1 000, tolerance 0 % and 0.5 %): no match. In lettrage the
// entry, from a known partner, stays on that partner's account (the last
// step of the counterparty rule), without the document or a write-off.
// lettrage's tolerance is an amount per currency, not a percentage:
// 0.05 (the fixture's) and 5.00 (0.5 % of 1 000) are tried.
func TestHrev73NotEnoughTolerance(t *testing.T) {
	t.Parallel()
	h73BothSides(t, func(t *testing.T, f *fixture, b h73Book, doc journal.Entry, partner, iban, sign string) {
		rec, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("5.00")}})
		require.NoError(t, err)
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: sign + "990.00", iban: iban, remittance: "turlututu"})
		require.Empty(t, props[0].Target.Invoices, rvDescribe(props[0]))
		require.False(t, props[0].Target.WriteOff, rvDescribe(props[0]))
		props, err = rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Empty(t, props[0].Target.Invoices, rvDescribe(props[0]))
		require.False(t, props[0].Target.WriteOff, rvDescribe(props[0]))
	})
}

// Passes: Odoo test_zero_payment_tolerance / test_not_enough_payment_tolerance /
// test_enough_payment_tolerance, "the payment amount is higher than the
// invoice one": 1 010 from the partner's account, naming nothing, is
// matched with the document of 1 000 by Odoo (which checks no tolerance
// on an overpayment). DESIGN §11 proposes a document by amount only when
// the amounts are equal (rule 2) or within the write-off tolerance (rule
// 5); lettrage writes off no overpayment by default
// (Rules.WriteOffOverpayment). DESIGN's outcome is asserted: the 1 010
// stays on the partner's account, the document open.
func TestHrev73OverpaymentNamingNothing(t *testing.T) {
	t.Parallel()
	h73BothSides(t, func(t *testing.T, f *fixture, b h73Book, doc journal.Entry, partner, iban, sign string) {
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: sign + "1010.00", iban: iban, remittance: "turlututu"})
		require.Empty(t, props[0].Target.Invoices, rvDescribe(props[0]))
		if props[0].Matched {
			require.Equal(t, partner, props[0].Target.Partner, rvDescribe(props[0]))
		}
	})
}

// Passes: Odoo test_enough_payment_tolerance and
// test_enough_payment_tolerance_auto_reconcile (990 on 1 000, tolerance
// 1 %: matched with status write_off). With a write-off tolerance of 10
// (1 % of 1 000; lettrage's is an amount): proposed within tolerance,
// with its write-off, by amount and when naming the document (payment_ref
// "123456"); applied, the document is paid and the 10 written off.
func TestHrev73EnoughTolerance(t *testing.T) {
	t.Parallel()
	for _, named := range []bool{false, true} {
		t.Run(fmt.Sprintf("named=%v", named), func(t *testing.T) {
			h73BothSides(t, func(t *testing.T, f *fixture, b h73Book, doc journal.Entry, partner, iban, sign string) {
				rec, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("10.00")}})
				require.NoError(t, err)
				x := h73Entry{amount: sign + "990.00", iban: iban, remittance: "turlututu"}
				if named {
					x.remittance = "123456"
				}
				props := b.imports(t, rec, d(1, 1), reconcile.Rules{}, x)
				p := props[0]
				require.True(t, p.Matched, rvDescribe(p))
				require.Equal(t, partner, p.Target.Partner, rvDescribe(p))
				require.Equal(t, []journal.ID{doc.ID}, p.Target.Invoices, rvDescribe(p))
				require.True(t, p.Target.WriteOff, rvDescribe(p))
				h73Apply(t, rec, props)
				require.True(t, f.residual(t, line0(doc)).IsZero())
				f.check(t)
			})
		})
	}
}

// Passes: Odoo test_allow_payment_tolerance_lower_amount (an invoice of
// 990, a line of 1 000 naming nothing: Odoo proposes the invoice, a
// partial reconciliation of the line). As in TestHrev73OverpaymentNamingNothing
// DESIGN proposes no document by amount unless equal or within the
// write-off tolerance; naming it, the entry pays it and the 10 stays the
// partner's credit (no write-off of an overpayment by default).
func TestHrev73LowerAmountInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv := h73Invoice(t, f, "K1", d(1, 1), "990.00", "123456")
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: "1000.00", iban: rvK1IBAN, remittance: "turlututu"})
		require.NotContains(t, props[0].Target.Invoices, inv.ID, rvDescribe(props[0]))
	})
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv := h73Invoice(t, f, "K1", d(1, 1), "990.00", "123456")
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: "1000.00", iban: rvK1IBAN, remittance: "123456"})
		require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.False(t, props[0].Target.WriteOff, rvDescribe(props[0]))
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_inv_matching_rule_auto_rec_no_partner_with_writeoff: the
// invoice's ref "doudlidou3555", a line without partner of 95 naming it,
// tolerance 10 %: matched, status write_off (the 5 written off). With a
// write-off tolerance of 10 (lettrage's is an amount): the named invoice
// is proposed with its write-off; applied, it is paid.
func TestHrev73NoPartnerNamedWithWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		rec, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("10.00")}})
		require.NoError(t, err)
		inv := h73Invoice(t, f, "K1", d(3, 1), "100.00", "doudlidou3555")
		f.invoice(t, "K1", d(3, 1), "600.00")
		props := b.imports(t, rec, d(3, 20), reconcile.Rules{},
			h73Entry{amount: "95.00", remittance: "doudlidou3555"},
			h73Entry{amount: "600.00", remittance: "xxxxx"})
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		require.Equal(t, "K1", p.Target.Partner, rvDescribe(p))
		require.Equal(t, []journal.ID{inv.ID}, p.Target.Invoices, rvDescribe(p))
		require.True(t, p.Target.WriteOff, rvDescribe(p))
		// bank_line_2 has no partner here: nothing matched.
		require.False(t, props[1].Matched, rvDescribe(props[1]))
		h73Apply(t, rec, props[:1])
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_no_amount_check_keep_first (partner_1's 100, 200 and
// its supplier refund of 300; a line of 250): Odoo proposes 100 + 200, the
// first ones that cover it. DESIGN §11 has no such rule by default: rule 3
// wants an exact sum, rule 4 (oldest due first) is opt-in. DESIGN's
// outcome is asserted: by default no document; with Rules.OldestFirst the
// 100 then the 200 (150 of it), as Odoo.
func TestHrev73KeepFirst(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv1 := f.invoice(t, "K1", d(3, 1), "100.00")
		inv2 := f.invoice(t, "K1", d(3, 2), "200.00")
		h73SupplierRefund(t, f, "K1", d(3, 3), "300.00")
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "250.00", iban: rvK1IBAN, remittance: "xxxxx"})
		require.Empty(t, props[0].Target.Invoices, rvDescribe(props[0]))
		props = b.propose(t, reconcile.Rules{OldestFirst: true})
		require.Equal(t, []journal.ID{inv1.ID, inv2.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		require.Equal(t, reconcile.OldestFirst, props[0].Confidence)
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(inv1)).IsZero())
		require.True(t, f.residual(t, line0(inv2)).Equal(e("50.00")))
		f.check(t)
	})
}

// Passes: Odoo test_reverted_move_matching: a payment of 10 to partner_1
// waiting on the outstanding account, then reversed; a line of -10 from
// partner_1: Odoo still proposes the reversed payment's line. lettrage's
// godoc (ProposeImported: "a cancelled document or payment is never
// proposed") decides otherwise, asserted here: the cancelled payment is
// not cleared by the entry.
func TestHrev73RevertedPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "F2", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("10.00"), Ref: "8"})
		require.NoError(t, err)
		pay := res.Entries[0]
		_, err = f.rec.CancelPayment(ctx, journal.NoID, pay.ID)
		require.NoError(t, err)
		props := b.imports(t, nil, d(3, 20), reconcile.Rules{}, h73Entry{amount: "-10.00", iban: h73F2IBAN, remittance: "8"})
		require.NotContains(t, props[0].Target.Payments, pay.ID, rvDescribe(props[0]))
	})
}

// Passes: Odoo test_invoice_matching_using_match_text_location (account_accountant,
// no partner on the line, match_partner off): the line's word naming a
// payment term's name matches it; a word in a longer text too; an
// unrelated number or a short one does not. Ported with the invoice's Ref
// as the name and an entry from an account nobody holds.
func TestHrev73TextMatchingNoPartner(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, ref, text string
		amount          string
		match           bool
	}{
		// Passes: exact single word.
		{"exact", "1234", "1234", "100.00", true},
		// Passes: exact token with a dash.
		{"exact_token", "PAY-123", "PAY-123", "100.00", true},
		// Passes: nothing to match an empty name.
		{"empty", "", "/?", "100.00", false},
		// Passes: the word inside a longer text.
		{"in_text", "123456", "payment for 123456 urgent!", "100.00", true},
		// Passes: another number.
		{"other_number", "78910", "payment for 123456 urgent!", "100.00", false},
		// Passes: a single word with letters and digits.
		{"word", "TURLUTUTU21", "TURLUTUTU21", "100.00", true},
		// Passes: not enough digits.
		{"short", "selling 3 apples, 2 tomatoes and 12kg of potatoes", "12", "100.00", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				inv := h73Invoice(t, f, "K1", d(1, 1), "100.00", c.ref)
				props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: c.amount, remittance: c.text})
				if c.match {
					require.Equal(t, []journal.ID{inv.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
				} else {
					require.NotContains(t, props[0].Target.Invoices, inv.ID, rvDescribe(props[0]))
				}
			})
		})
	}
}

// Passes: Odoo test_invoice_matching_using_match_text_location, "matching multiple
// invoices": the line "paying invoices 12345 & 56789" (Odoo: 1234 & 5678;
// lettrage names by digits from DigitsMin = 5), invoices named
// "INV/12345" and "INV/56789", no partner on the line: both proposed. The
// entry pays what the two owe (lettrage names a document by its digits
// alone, from an unknown payer, only for the amount it owes).
func TestHrev73TextMatchingSeveralInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		i1 := h73Invoice(t, f, "K1", d(1, 1), "100.00", "INV/12345")
		i2 := h73Invoice(t, f, "K1", d(1, 1), "100.00", "INV/56789")
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: "200.00", remittance: "paying invoices INV/12345 & INV/56789"})
		require.Equal(t, []journal.ID{i1.ID, i2.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		h73Apply(t, f.rec, props)
		require.True(t, f.residual(t, line0(i1)).IsZero())
		require.True(t, f.residual(t, line0(i2)).IsZero())
		f.check(t)
	})
}

// Passes: Odoo test_invoice_matching_using_match_text_location, "matching multiple
// invoices sharing the same reference": both invoices named "INV/12345",
// the line naming it once: Odoo proposes both. DESIGN: a reference naming
// two documents is ambiguous; lettrage must not pick one of them. Asserted:
// both or none, never one. lettrage proposes none ("nothing names it"), where Odoo
// proposes the two (which owe exactly the entry's 200).
func TestHrev73TextMatchingSharedReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		i1 := h73Invoice(t, f, "K1", d(1, 1), "100.00", "INV/12345")
		i2 := h73Invoice(t, f, "K1", d(1, 1), "100.00", "INV/12345")
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{}, h73Entry{amount: "200.00", remittance: "paying invoices INV/12345"})
		got := props[0].Target.Invoices
		if len(got) > 0 {
			require.ElementsMatch(t, []journal.ID{i1.ID, i2.ID}, got, rvDescribe(props[0]))
		}
	})
}

// Passes: Odoo test_matching_exact_amount_no_partner / test_amount_check_amount_last
// (a line with no partner and no text, of 100 or -208.73; an invoice of
// 100 or a bill of 208.73 of partner_1: Odoo matches by the exact amount
// across partners). DESIGN §11 scopes the exact amount rule to the
// payment's partner ("never match across partners"): an entry nobody is
// known for is not proposed with a document by its amount. DESIGN's
// outcome is asserted: nothing matched.
func TestHrev73ExactAmountNoPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		inv := f.invoice(t, "K1", d(1, 1), "100.00")
		bill := h73Bill(t, f, "F2", d(1, 1), "208.73", "")
		props := b.imports(t, nil, d(1, 1), reconcile.Rules{},
			h73Entry{amount: "100.00"},
			h73Entry{amount: "-208.73"})
		require.NotContains(t, props[0].Target.Invoices, inv.ID, rvDescribe(props[0]))
		require.False(t, props[0].Matched, rvDescribe(props[0]))
		require.NotContains(t, props[1].Target.Invoices, bill.ID, rvDescribe(props[1]))
		require.False(t, props[1].Matched, rvDescribe(props[1]))
	})
}

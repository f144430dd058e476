package reconcile_test

// Review h-rev27 of the session 9358470..8d7f91c: references named by
// their digits, partners by the counterparty's name, waiting payments
// cleared by the entry that shows them, entries of several payers.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev27Entry imports one entry whose single transaction has the given
// counterparty name, IBAN and remittance, and proposes under rules.
func (b *rvBank) hrev27Entry(t *testing.T, on journal.Date, amount, name, iban, remittance string, rules reconcile.Rules) []reconcile.ImportedProposal {
	t.Helper()
	s := b.statement(on, rvEntry{amount: amount, iban: iban, remittance: remittance})
	s.Entries[0].Transactions[0].Counterparty = name
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing
	return b.propose(t, rules)
}

// Was failing, fixed. An ISO date in a payment's label is read as an invoice's digits.
// French invoicing software numbers "FA-2026-0315" (four-digit sequence,
// often kept as the entry's reference beside the ledger's VT/2026/00001);
// a customer's transfer "VIR DU 2026-03-15 FACTURE FA-2026-0298" names
// FA-2026-0298 as written and, through the date's digits 20260315, also
// FA-2026-0315. DigitsMin's godoc says five digits leave out "a year, a
// day and month": a whole date (2026-03-15, 15/03/2026, 20260315) is as
// much a date. Right: a word shaped as a date names nothing by its
// digits; the payment of 500,00 is lettered with FA-2026-0298 alone.
func TestHrev27DateInLabelIsNotAnInvoiceByDigits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev23Journal(t, f, "VE")
		other := hrev23Invoice(t, f, "VE", "C1", d(3, 1), "800.00", "FA-2026-0315")
		named := hrev23Invoice(t, f, "VE", "C1", d(3, 2), "500.00", "FA-2026-0298")
		p := f.pay(t, "C1", d(3, 20), "500.00", "", "VIR DU 2026-03-15 FACTURE FA-2026-0298")
		out := propose(t, f, customers, reconcile.Rules{})
		pr := hrev23With(out, line0(p), line0(named))
		require.NotNil(t, pr, "%s", hrev23Describe(out))
		require.NotContains(t, pr.Lines, line0(other), "the date 2026-03-15 named FA-2026-0315: %s", pr.Reason)
		require.NotContains(t, pr.Reason, "by its digits", pr.Reason)
	})
}

// Was failing, fixed. The same on a bank statement: a camt.053 Ustrd "FACTURE
// FA-2026-0298 DU 2026-03-15" from the customer's known account names
// FA-2026-0298 as written and FA-2026-0315 by the date's digits; the
// transfer of 500,00 is spread over both. Right: FA-2026-0298 alone, paid
// in full.
func TestHrev27ImportDateInRemittanceIsNotAnInvoiceByDigits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		hrev23Journal(t, f, "VE")
		hrev23Invoice(t, f, "VE", "K1", d(3, 1), "800.00", "FA-2026-0315")
		named := hrev23Invoice(t, f, "VE", "K1", d(3, 2), "500.00", "FA-2026-0298")
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "FACTURE FA-2026-0298 DU 2026-03-15"})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{named.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// Was failing, fixed. Digits alone, from a payer nobody knows, name any partner's
// document whatever the amount. A transfer of 75,00 from an IBAN and a
// name no partner has, whose remittance is the payer's own order number
// "CDE 2026-00002" (French companies number their orders as we number
// invoices), is taken as a payment on account of K2's invoice
// VT/2026/00002 of 1 000,00: settles only compares signs. As written, a
// number is the payer's word for our document; digits alone are a guess
// (Odoo's digits matching runs within the partner, or on the amount).
// Right: with no partner known by IBAN or name, a word read by its
// digits names a document only when the amount is what it owes;
// otherwise the entry is unmatched (suspense), not K2's.
func TestHrev27ImportDigitsFromAnUnknownPayerNeedTheAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "300.00")
		i2 := f.invoice(t, "K2", d(3, 2), "1000.00")
		require.Equal(t, "2026-00002", digitsOf(i2), "fixture numbering")
		props := b.hrev27Entry(t, d(3, 20), "75.00", "QUINCAILLERIE MOREAU", "FR7610107001011234567890129", "CDE 2026-00002", reconcile.Rules{})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched && props[0].Target.Partner == "K2", "an unknown payer's order number paid K2's invoice: %s", rvDescribe(props[0]))
	})
}

// passes. The contrast: the same unknown payer naming VT/2026/00002 by
// its digits for exactly what it owes is matched to it.
func TestHrev27ImportDigitsFromAnUnknownPayerOfTheAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "300.00")
		i2 := f.invoice(t, "K2", d(3, 2), "1000.00")
		props := b.hrev27Entry(t, d(3, 20), "1000.00", "QUINCAILLERIE MOREAU", "FR7610107001011234567890129", "FACTURE "+digitsOf(i2), reconcile.Rules{})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{i2.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// Was failing, fixed. "Moins avoir 2026-00002" names an invoice when the credit note
// is no longer open. The customer's credit note AV/2026/00002 was set
// off against VT/2026/00003 (UseCredit) before the customer paid the net
// 800,00 "FACTURE 2026-00003 MOINS AVOIR 2026-00002". The open credit
// notes of the payment's side are the digits' rivals, a lettered one is
// not: the digits 202600002 then name the invoice VT/2026/00002 (300,00)
// of the same customer, and the payment is spread over VT/2026/00003 and
// VT/2026/00002. An accountant
// reads "avoir 2026-00002" as a credit note, open or not. Right: every
// credit note of the partner on the account, lettered or not, is a rival
// (as journals number alike); the payment is lettered with VT/2026/00003
// alone, which it pays in full.
func TestHrev27LetteredCreditNoteDigitsNameNoInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev23Journal(t, f, "AV")
		f.invoice(t, "C2", d(3, 1), "50.00")                     // VT/2026/00001
		i2 := f.invoice(t, "C1", d(3, 2), "300.00")              // VT/2026/00002
		i1 := f.invoice(t, "C1", d(3, 3), "1000.00")             // VT/2026/00003
		hrev23CreditNote(t, f, "AV", "C2", d(3, 3), "10.00", "") // AV/2026/00001
		av := hrev23CreditNote(t, f, "AV", "C1", d(3, 4), "200.00", "")
		require.Equal(t, digitsOf(i2), digitsOf(av), "fixture numbering")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: i1.ID, Credit: line0(av)})
		require.NoError(t, err)
		p := f.pay(t, "C1", d(3, 20), "800.00", "", "FACTURE "+digitsOf(i1)+" MOINS AVOIR "+digitsOf(av))
		out := propose(t, f, customers, reconcile.Rules{})
		pr := hrev23With(out, line0(p), line0(i1))
		require.NotNil(t, pr, "%s", hrev23Describe(out))
		require.NotContains(t, pr.Lines, line0(i2), "the lettered credit note's digits named VT/2026/00002: %s", pr.Reason)
		require.NotContains(t, pr.Reason, "VT/2026/00002", pr.Reason)
	})
}

// Was failing, fixed. The same on the bank: "FACTURE 2026-00003 MOINS AVOIR
// 2026-00002" from K1's known account, AV/2026/00002 already set off
// against VT/2026/00003. Right: VT/2026/00003 alone, paid in full.
func TestHrev27ImportLetteredCreditNoteDigitsNameNoInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		hrev23Journal(t, f, "AV")
		f.invoice(t, "K2", d(3, 1), "50.00")
		f.invoice(t, "K1", d(3, 2), "300.00")
		i1 := f.invoice(t, "K1", d(3, 3), "1000.00")
		hrev23CreditNote(t, f, "AV", "K2", d(3, 3), "10.00", "")
		av := hrev23CreditNote(t, f, "AV", "K1", d(3, 4), "200.00", "")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: i1.ID, Credit: line0(av)})
		require.NoError(t, err)
		props := b.imports(t, d(3, 20), reconcile.Rules{}, rvEntry{amount: "800.00", iban: rvK1IBAN,
			remittance: "FACTURE " + digitsOf(i1) + " MOINS AVOIR " + digitsOf(av)})
		require.Len(t, props, 1)
		require.Equal(t, []journal.ID{i1.ID}, props[0].Target.Invoices, "%s", rvDescribe(props[0]))
	})
}

// passes. A cheque deposit line "REMISE CHEQUE 1234567" of an unknown
// counterparty names no invoice by the cheque number when no invoice has
// those digits, and the remittance's bank reference of ten digits names
// nothing either.
func TestHrev27ChequeAndBankReferenceNameNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "300.00")
		props := b.hrev27Entry(t, d(3, 20), "123.45", "", "", "REMISE CHEQUE 1234567 /REF 0012345678", reconcile.Rules{})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, "%s", rvDescribe(props[0]))
	})
}

// passes. Odd names: empty, digits only, non-Latin scripts, a huge name.
// None panics (names and counterparties are capped at 1 024 bytes by the
// journal); the Cyrillic name is matched to RU through its
// transliteration, the Japanese one names nobody, and the proposals are
// the same twice.
func TestHrev27OddNamesNoCrashDeterministic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		for _, p := range []ledger.Partner{{Code: "RU", Name: "ООО Ромашка"}, {Code: "JP", Name: "株式会社トヨタ"}, {Code: "NUM", Name: "12345"},
			{Code: "HUGE", Name: strings.Repeat("DUPONT ", 140)}} {
			require.NoError(t, f.book.AddPartner(ctx, p))
			f.invoice(t, p.Code, d(3, 1), "99.00")
		}
		for _, name := range []string{"", "ООО Ромашка", "株式会社トヨタ", "12345", strings.Repeat("DUPONT ", 140) + "SARL", "\u200b", "SARL"} {
			props := b.hrev27Entry(t, d(3, 20), "99.00", name, "", "", reconcile.Rules{})
			again := b.propose(t, reconcile.Rules{})
			require.Equal(t, props, again, name)
			for _, p := range props {
				if p.Matched {
					t.Logf("%.30q: %s", name, rvDescribe(p))
				}
			}
		}
	})
}

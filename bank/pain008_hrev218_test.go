package bank_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Collected on A, the mandate moves A→B→C before any collection on B: the
// amendment names A (the account last collected), not B. The run replayed
// with its operation id writes the same file. The collection cancelled
// (returned), the next run tells the amendment again. Moved then to
// another branch of C's bank, OrgnlDbtrAcct, never SMNDA.
func TestHrev218AmendmentTwoMovesReplayAndBranch(t *testing.T) {
	b, r := h201Book(t, storetest.Backends[0])
	a := ident.IBAN("FR1420041010050500013M02606")
	bb := hrev216IBAN(t, "30004", "00012345678")
	c := ident.IBAN("DE75512108001245126199")
	day := 2
	collect := func(op journal.ID) (reconcile.CollectionRun, []byte) {
		t.Helper()
		run, err := r.RunCollections(ctx, reconcile.CollectionRequest{Operation: op, Journal: "BQO", Date: reviewDay(day + 10),
			DueBy: reviewDay(day + 10), Partners: []string{"C2"}, Creditor: "Atelier Lévêque & Fils", CreditorID: "FR72ZZZ123456"})
		require.NoError(t, err)
		require.Len(t, run.Collections, 1)
		dd, err := bank.DirectDebits(ctx, b, run, "")
		require.NoError(t, err)
		var file bytes.Buffer
		require.NoError(t, bank.WritePain008(&file, dd))
		h201Validate(t, file.Bytes())
		return run, file.Bytes()
	}
	sale := func() {
		h201Sale(t, b, "C2", day, "100.00", "FA-"+journal.NewID().String()[:8])
	}
	sale()
	run, _ := collect(journal.NewID())
	assert.Equal(t, a, run.Collections[0].Account.IBAN)
	day++

	require.NoError(t, b.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: bb}))
	require.NoError(t, b.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: c, BIC: "PBNKDEFFXXX"}))
	sale()
	op := journal.NewID()
	run, file := collect(op)
	assert.Equal(t, c, run.Collections[0].Account.IBAN)
	assert.Equal(t, a, run.Collections[0].AmendedFrom.IBAN, "the account last collected, not the intermediate")
	m := hrev216Compact(hrev216Mandate(t, string(file), run.Collections[0].EndToEndID))
	assert.Contains(t, m, "<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id>")

	// Replayed with the same operation id: the same run, the same file.
	again, file2 := collect(op)
	assert.Equal(t, run.ID, again.ID)
	assert.Equal(t, string(file), string(file2))
	day++

	// A later run, then the first replayed again: still the same file.
	sale()
	later, lf := collect(journal.NewID())
	assert.Zero(t, later.Collections[0].AmendedFrom)
	assert.NotContains(t, string(lf), "AmdmntInd")
	day--
	_, file3 := collect(op)
	assert.Equal(t, string(file), string(file3))
	day += 2

	// Both later collections returned (cancelled): the next run tells the
	// amendment again, from A.
	_, err := r.CancelPayment(ctx, journal.NewID(), later.Collections[0].Payment.ID)
	require.NoError(t, err)
	_, err = r.CancelPayment(ctx, journal.NewID(), run.Collections[0].Payment.ID)
	require.NoError(t, err)
	sale()
	run, _ = collect(journal.NewID())
	assert.Equal(t, a, run.Collections[0].AmendedFrom.IBAN)
	day++
	sale()
	run, _ = collect(journal.NewID())
	assert.Zero(t, run.Collections[0].AmendedFrom)
	day++

	// Another branch of the same German bank (BLZ 51210800): same bank.
	iban := hrev218DEIBAN(t, "51210800", "9999999999")
	require.NoError(t, b.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: iban}))
	sale()
	run, file = collect(journal.NewID())
	m = hrev216Compact(hrev216Mandate(t, string(file), run.Collections[0].EndToEndID))
	assert.Contains(t, m, "<OrgnlDbtrAcct><Id><IBAN>"+string(c)+"</IBAN>")
	assert.NotContains(t, m, "SMNDA")
	require.NoError(t, b.Check(ctx))
}

// hrev218DEIBAN is a German IBAN of bank code blz and account acct.
func hrev218DEIBAN(t *testing.T, blz, acct string) ident.IBAN {
	t.Helper()
	for cd := 2; cd <= 98; cd++ {
		s := "DE" + string(rune('0'+cd/10)) + string(rune('0'+cd%10)) + blz + acct
		if iban, err := ident.ParseIBAN(s); err == nil {
			return iban
		}
	}
	t.Fatal("no check digits")
	return ""
}

// Two French IBANs of one bank (30004) at different branches are at one
// bank: the amendment carries the original IBAN, not SMNDA; a French
// account and a German one are two banks; a BIC-less pair of French
// accounts of two banks: SMNDA. Each file valid.
func TestHrev218Pain008SameBankOtherBranch(t *testing.T) {
	run := h201DebitRun()
	to, err := ident.IBANOfRIB("30004", "00828", "00012345678")
	require.NoError(t, err)
	from, err := ident.IBANOfRIB("30004", "02950", "00087654321")
	require.NoError(t, err)
	run.Debits[0].Debtor.IBAN, run.Debits[0].Debtor.BIC = to, ""
	run.Debits[0].Amendment = &bank.MandateAmendment{OriginalIBAN: from}
	other, err := ident.IBANOfRIB("30003", "00828", "00012345678")
	require.NoError(t, err)
	run.Debits[1].Amendment = &bank.MandateAmendment{OriginalIBAN: other, OriginalBIC: "COBADEFFXXX"}
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain008(&buf, run))
	h201Validate(t, buf.Bytes())
	m := hrev216Compact(hrev216Mandate(t, buf.String(), run.Debits[0].EndToEndID))
	assert.Contains(t, m, "<OrgnlDbtrAcct><Id><IBAN>"+string(from)+"</IBAN></Id></OrgnlDbtrAcct>")
	assert.NotContains(t, m, "SMNDA")
	m = hrev216Compact(hrev216Mandate(t, buf.String(), run.Debits[1].EndToEndID))
	assert.Contains(t, m, "<Id>SMNDA</Id>")
}

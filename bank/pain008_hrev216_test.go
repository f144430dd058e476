package bank_test

import (
	"bytes"
	"strings"
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

// hrev216IBAN is a French IBAN of bank, branch 00001 and account.
func hrev216IBAN(t *testing.T, bankCode, account string) ident.IBAN {
	t.Helper()
	iban, err := ident.IBANOfRIB(bankCode, "00001", account)
	require.NoError(t, err)
	return iban
}

// hrev216Amendment is the mandate part of the debit of end-to-end id e2e
// in file: from its MndtRltdInf to its end.
func hrev216Mandate(t *testing.T, file, e2e string) string {
	t.Helper()
	i := strings.Index(file, "<EndToEndId>"+e2e+"</EndToEndId>")
	require.GreaterOrEqual(t, i, 0, file)
	tx := file[i:]
	return tx[strings.Index(tx, "<MndtRltdInf>") : strings.Index(tx, "</MndtRltdInf>")+len("</MndtRltdInf>")]
}

// A debit whose mandate moved within the debtor's bank carries the
// amendment indicator and the original IBAN; moved to another bank, the
// code SMNDA as the original debtor agent, no original account. Both
// files are valid against the schema.
func TestHrev216Pain008Amendment(t *testing.T) {
	run := h201DebitRun()
	// Boulangerie Éloïse, FR14 2004 1…: before at the same bank (20041).
	same := hrev216IBAN(t, "20041", "00000000001")
	run.Debits[0].Amendment = &bank.MandateAmendment{OriginalIBAN: ident.IBAN(strings.ToLower(string(same)))}
	// Müller GmbH, at the Commerzbank (37040044): before at another German
	// bank.
	run.Debits[1].Amendment = &bank.MandateAmendment{OriginalIBAN: "DE75512108001245126199"}
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain008(&buf, run))
	out := buf.String()
	h201Validate(t, buf.Bytes())
	assert.Equal(t, "<MndtRltdInf><MndtId>RUM-C2</MndtId><DtOfSgntr>2026-01-10</DtOfSgntr><AmdmntInd>true</AmdmntInd>"+
		"<AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>"+string(same)+"</IBAN></Id></OrgnlDbtrAcct></AmdmntInfDtls></MndtRltdInf>",
		hrev216Compact(hrev216Mandate(t, out, "COL-0123456789abcdef-1")))
	assert.Equal(t, "<MndtRltdInf><MndtId>RUM-C3</MndtId><DtOfSgntr>2026-01-10</DtOfSgntr><AmdmntInd>true</AmdmntInd>"+
		"<AmdmntInfDtls><OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id></Othr></FinInstnId></OrgnlDbtrAgt></AmdmntInfDtls></MndtRltdInf>",
		hrev216Compact(hrev216Mandate(t, out, "COL-0123456789abcdef-2")))
	assert.Equal(t, "<MndtRltdInf><MndtId>RUM-C4/2026</MndtId><DtOfSgntr>2026-03-25</DtOfSgntr></MndtRltdInf>",
		hrev216Compact(hrev216Mandate(t, out, "COL-0123456789abcdef-3")), "no amendment, none written")

	// Where the IBAN does not tell the bank (Finland here), the BICs do.
	fi := h201DebitRun()
	fi.Debits[2].Debtor = bank.Party{Name: "Oy Ab", IBAN: "FI2112345600000785", BIC: "NDEAFIHH"}
	fi.Debits[2].Amendment = &bank.MandateAmendment{OriginalIBAN: "FI5542345670000081", OriginalBIC: "NDEAFIHHXXX"}
	buf.Reset()
	require.NoError(t, bank.WritePain008(&buf, fi))
	h201Validate(t, buf.Bytes())
	assert.Contains(t, hrev216Compact(hrev216Mandate(t, buf.String(), "COL-0123456789abcdef-3")), "<OrgnlDbtrAcct><Id><IBAN>FI5542345670000081</IBAN>")
	fi.Debits[2].Amendment.OriginalBIC = ""
	buf.Reset()
	require.NoError(t, bank.WritePain008(&buf, fi))
	assert.Contains(t, hrev216Compact(hrev216Mandate(t, buf.String(), "COL-0123456789abcdef-3")), "<Id>SMNDA</Id>", "without both BICs: two banks")
}

func hrev216Compact(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(strings.TrimSpace(l))
	}
	return b.String()
}

func TestHrev216Pain008AmendmentBadInput(t *testing.T) {
	for name, a := range map[string]*bank.MandateAmendment{
		"no original":      {},
		"bad original":     {OriginalIBAN: "FR7630006000011234567890198"},
		"the same account": {OriginalIBAN: "fr14 2004 1010 0505 0001 3m02 606"},
		"bad BIC":          {OriginalIBAN: "FR7630006000011234567890189", OriginalBIC: "BNPA"},
	} {
		run := h201DebitRun()
		run.Debits[0].Amendment = a
		var buf bytes.Buffer
		err := bank.WritePain008(&buf, run)
		assert.ErrorIs(t, err, bank.ErrDirectDebit, name)
		assert.Zero(t, buf.Len(), "%s: nothing written", name)
	}
}

// A book's runs: the mandate moved to another bank's account, the next
// run's file carries the amendment (SMNDA), the one after does not; moved
// again within that bank, the next carries the account it debited before.
// Each file is valid, and a run written again gives its own file again.
func TestHrev216CollectionAmendmentOnce(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := h201Book(t, s)
			first := ident.IBAN("FR1420041010050500013M02606")
			other := hrev216IBAN(t, "30004", "00012345678")
			same := hrev216IBAN(t, "30004", "00087654321")
			day := 10
			collect := func() (reconcile.CollectionRun, string) {
				t.Helper()
				h201Sale(t, b, "C2", day, "100.00", "FA-"+journal.NewID().String()[:8])
				run, err := r.RunCollections(ctx, reconcile.CollectionRequest{Operation: journal.NewID(), Journal: "BQO", Date: reviewDay(day + 10),
					DueBy: reviewDay(day + 10), Partners: []string{"C2"}, Creditor: "Atelier Lévêque & Fils", CreditorID: "FR72ZZZ123456"})
				require.NoError(t, err)
				require.Len(t, run.Collections, 1)
				dd, err := bank.DirectDebits(ctx, b, run, "")
				require.NoError(t, err)
				var file bytes.Buffer
				require.NoError(t, bank.WritePain008(&file, dd))
				h201Validate(t, file.Bytes())
				day++
				return run, hrev216Compact(hrev216Mandate(t, file.String(), run.Collections[0].EndToEndID))
			}
			plain := "<MndtRltdInf><MndtId>RUM-C2</MndtId><DtOfSgntr>2026-01-10</DtOfSgntr></MndtRltdInf>"

			run, m := collect()
			assert.Equal(t, plain, m)
			assert.Equal(t, first, run.Collections[0].Account.IBAN)

			require.NoError(t, b.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: other}))
			run, m = collect()
			assert.Equal(t, other, run.Collections[0].Account.IBAN)
			assert.Equal(t, ledger.BankAccount{IBAN: first}, run.Collections[0].AmendedFrom)
			assert.Contains(t, m, "<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id>")
			// Written again, the same amendment.
			dd, err := bank.DirectDebits(ctx, b, run, "")
			require.NoError(t, err)
			require.NotNil(t, dd.Debits[0].Amendment)
			assert.Equal(t, first, dd.Debits[0].Amendment.OriginalIBAN)

			run, m = collect()
			assert.Equal(t, plain, m, "told once")
			assert.Zero(t, run.Collections[0].AmendedFrom)

			require.NoError(t, b.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: same}))
			_, m = collect()
			assert.Contains(t, m, "<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>"+string(other)+"</IBAN>")
			_, m = collect()
			assert.Equal(t, plain, m)
			require.NoError(t, b.Check(ctx))
		})
	}
}

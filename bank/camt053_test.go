package bank_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

func TestCamt053V08(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(readFile(t, "camt053-08.xml")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	s := ss[0]
	require.Equal(t, "STMT-2026-03", s.ID)
	require.Equal(t, "FR7630006000011234567890189", string(s.Account))
	require.Equal(t, "1000.00 EUR", s.Opening.String())
	require.Equal(t, "2026-02-28", s.OpeningDate.String())
	require.Equal(t, "1930.00 EUR", s.Closing.String())
	// The pending entry is not on the statement.
	var refs []string
	for _, e := range s.Entries {
		refs = append(refs, e.Ref)
	}
	require.Equal(t, []string{"E1", "E2", "E3", "E5", "E6"}, refs)

	in := s.Entries[0]
	require.Equal(t, "1200.00", in.Amount.Plain())
	require.Equal(t, "PMNT/RCDT/ESCT", in.BankCode)
	require.Equal(t, "VIR SEPA DUPONT SARL", in.Label)
	require.Len(t, in.Transactions, 1)
	tx := in.Transactions[0]
	require.Equal(t, "E2E-DUPONT-1", tx.EndToEndID)
	require.Equal(t, "Dupont SARL", tx.Counterparty)
	require.Equal(t, "BE68539007547034", string(tx.CounterpartyIBAN))
	require.Equal(t, "Facture VT/2026/00031", tx.Remittance)

	out := s.Entries[1]
	require.Equal(t, "-480.00", out.Amount.Plain())
	require.Equal(t, "Fournisseur GmbH", out.Transactions[0].Counterparty)
	require.Equal(t, "DE89370400440532013000", string(out.Transactions[0].CounterpartyIBAN))
	require.Equal(t, "LTR-RUN1-0001", out.Transactions[0].EndToEndID)

	batch := s.Entries[2]
	require.Len(t, batch.Transactions, 2)
	require.Equal(t, "200.00", batch.Transactions[0].Amount.Plain())
	require.Equal(t, "150.00", batch.Transactions[1].Amount.Plain())

	rev := s.Entries[3]
	require.True(t, rev.Reversal)
	require.Equal(t, "-200.00", rev.Amount.Plain())

	rf := s.Entries[4]
	require.Equal(t, "RF18539007547034", rf.Transactions[0].CreditorRef)
	require.Equal(t, "2026-03-20", rf.BookingDate.String())

	require.Equal(t, "STMT-2026-04", ss[1].ID)
	require.Equal(t, "1930.00 EUR", ss[1].Opening.String())
}

func TestCamt053V02(t *testing.T) {
	ss, err := bank.ReadCamt053(strings.NewReader(readFile(t, "camt053-02.xml")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	s := ss[0]
	require.Equal(t, "-50.00", s.Opening.Plain())
	require.Equal(t, "175.50", s.Closing.Plain())
	e := s.Entries[0]
	require.Equal(t, "N1", e.Ref)
	require.Equal(t, "VIR", e.BankCode)
	require.Equal(t, "2026-02-11", e.ValueDate.String())
	tx := e.Transactions[0]
	require.Empty(t, tx.EndToEndID, "NOTPROVIDED is no id")
	require.Equal(t, "Martin & Fils", tx.Counterparty)
	require.Equal(t, "250.00", tx.Amount.Plain())
	require.Equal(t, "Facture VT/2026/00007", tx.Remittance)
	// No reference: the statement's id and the entry's position.
	require.Equal(t, "OLD-STMT-1#2", s.Entries[1].Ref)
	require.Equal(t, "-24.50", s.Entries[1].Amount.Plain())
}

// TestCamt053Sample validates the test file against the ISO 20022 schema,
// so that the reader is tested on what banks may send.
func TestCamt053Sample(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (Debian: libxml2-utils); .ci/run installs it")
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", "testdata/camt.053.001.08.xsd", "testdata/camt053-08.xml").CombinedOutput()
	require.NoError(t, err, string(out))
}

func TestCamt053BadInput(t *testing.T) {
	good := readFile(t, "camt053-08.xml")
	for name, c := range map[string]struct {
		file string
		want error
		says string
	}{
		"not xml":          {"hello", bank.ErrFormat, "no <Stmt>"},
		"truncated":        {good[:len(good)/2], bank.ErrFormat, "line"},
		"no statement":     {`<Document><BkToCstmrStmt/></Document>`, bank.ErrFormat, "no <Stmt>"},
		"balances":         {strings.Replace(good, ">1930.00<", ">1930.01<", 1), reconcile.ErrStatement, "0.01 apart"},
		"three decimals":   {strings.Replace(good, ">1200.00<", ">1200.001<", 1), bank.ErrFormat, "line 27: statement STMT-2026-03"},
		"bad IBAN":         {strings.Replace(good, "FR7630006000011234567890189", "FR7630006000011234567890198", 1), bank.ErrFormat, "line 11: statement STMT-2026-03: the account: ident: invalid IBAN"},
		"bad indicator":    {strings.Replace(good, "<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>XX</CdtDbtInd>", 1), bank.ErrFormat, "indicator"},
		"bad date":         {strings.Replace(good, "2026-03-02", "2026-02-30", 1), bank.ErrFormat, "date"},
		"other currency":   {strings.Replace(good, `<Amt Ccy="EUR">1200.00</Amt>`, `<Amt Ccy="USD">1200.00</Amt>`, 1), bank.ErrFormat, "in USD"},
		"no closing":       {strings.Replace(good, "<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>", 1), bank.ErrFormat, "line 124: statement STMT-2026-03: an opening"},
		"bad balance":      {strings.Replace(good, ">1930.00<", ">1930,00<", 1), bank.ErrFormat, "line 21: statement STMT-2026-03: balance CLBD"},
		"negative amount":  {strings.Replace(good, ">1200.00<", ">-1200.00<", 1), bank.ErrFormat, "unsigned"},
		"unknown currency": {strings.Replace(good, "<Ccy>EUR</Ccy>", "<Ccy>EUX</Ccy>", 1), bank.ErrFormat, "line 11: statement STMT-2026-03: the account's currency"},
	} {
		_, err := bank.ReadCamt053(strings.NewReader(c.file), bank.ReadOptions{})
		require.ErrorIs(t, err, c.want, name)
		require.Contains(t, err.Error(), c.says, name)
	}
	// A reference given twice names the second entry after the first.
	ss, err := bank.ReadCamt053(strings.NewReader(strings.Replace(good, "<AcctSvcrRef>E2</AcctSvcrRef>", "<AcctSvcrRef>E1</AcctSvcrRef>", 1)), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "E1/2", ss[0].Entries[1].Ref)
	_, err = bank.ReadCamt053(strings.NewReader(good), bank.ReadOptions{MaxBytes: 1000})
	require.ErrorIs(t, err, bank.ErrTooLarge)
	_, err = bank.ReadCamt053(strings.NewReader(good), bank.ReadOptions{MaxBytes: int64(len(good))})
	require.NoError(t, err)
	// The sequence stops at the first bad statement, after the good ones.
	var n int
	var last error
	for _, err := range bank.Camt053(strings.NewReader(strings.Replace(good, ">1940.00<", ">1940.10<", 1)), bank.ReadOptions{}) {
		n++
		last = err
	}
	require.Equal(t, 2, n)
	require.True(t, errors.Is(last, reconcile.ErrStatement))
}

func FuzzCamt053(f *testing.F) {
	f.Add([]byte(`<Document><BkToCstmrStmt><Stmt><Id>1</Id></Stmt></BkToCstmrStmt></Document>`))
	for _, name := range []string{"testdata/camt053-08.xml", "testdata/camt053-02.xml",
		"testdata/camt053-04-batch.xml", "testdata/camt053-06-bom.xml", "testdata/camt053-10-latin1.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for s, err := range bank.Camt053(strings.NewReader(string(b)), bank.ReadOptions{MaxBytes: 1 << 20}) {
			if err != nil {
				if !errors.Is(err, bank.ErrFormat) && !errors.Is(err, reconcile.ErrStatement) && !errors.Is(err, bank.ErrTooLarge) {
					t.Fatalf("untyped error: %v", err)
				}
				return
			}
			require.NoError(t, s.Check())
		}
	})
}

// TestCamt053Pages: a statement sent in two pages — interim booked balances
// between them, entries without a bank reference on both — reads as one.
func TestCamt053Pages(t *testing.T) {
	page := func(n int, opening, openType, closing, closeType, entries string) string {
		return `<Stmt><Id>P-1</Id><StmtPgntn><PgNb>` + fmt.Sprint(n) + `</PgNb><LastPgInd>false</LastPgInd></StmtPgntn>` +
			`<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>` +
			`<Bal><Tp><CdOrPrtry><Cd>` + openType + `</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>` +
			`<Bal><Tp><CdOrPrtry><Cd>` + closeType + `</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>` +
			entries + `</Stmt>`
	}
	ntry := func(a string) string {
		return `<Ntry><Amt Ccy="EUR">` + a + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-10</Dt></BookgDt></Ntry>`
	}
	file := `<Document><BkToCstmrStmt>` + page(1, "100.00", "OPBD", "130.00", "ITBD", ntry("10.00")+ntry("20.00")) +
		page(2, "130.00", "ITBD", "135.00", "CLBD", ntry("5.00")) + `</BkToCstmrStmt></Document>`
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	require.Equal(t, "100.00", ss[0].Opening.Plain())
	require.Equal(t, "135.00", ss[0].Closing.Plain())
	require.Len(t, ss[0].Entries, 3)
	require.Equal(t, []string{"P-1#1", "P-1#2", "P-1#3"}, []string{ss[0].Entries[0].Ref, ss[0].Entries[1].Ref, ss[0].Entries[2].Ref})
}
